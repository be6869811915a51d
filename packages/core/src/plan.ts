import type { ClusterState, DeploymentSpec, DesiredState, Routing } from './cluster';
import type { ResizeMode } from './decision';

/** One step an actuator carries out. Steps run in order; `await-ready` blocks the steps after it. */
export type Action =
  | { type: 'create'; spec: DeploymentSpec }
  | { type: 'scale'; name: string; replicas: number }
  | { type: 'resize'; name: string; cores: number; mode: ResizeMode }
  | { type: 'set-batch'; name: string; batch: number }
  | { type: 'await-ready'; names: string[] }
  | { type: 'route'; routing: Routing }
  | { type: 'delete'; name: string };

export interface ActionPlan {
  actions: Action[];
  /** Why the plan exists (the decision's reason). */
  reason: string;
}

function sameWeights(a: Routing | undefined, b: Routing): boolean {
  if (!a) return false;
  const keys = new Set([...Object.keys(a.weights), ...Object.keys(b.weights)]);
  for (const k of keys) if ((a.weights[k] ?? 0) !== (b.weights[k] ?? 0)) return false;
  return true;
}

/**
 * Make-before-break: everything that adds capacity first (new deployments, more replicas, more cores,
 * new batch sizes), then wait until it is ready, then move traffic, then take away what is no longer
 * needed (fewer cores, fewer replicas, deleted deployments). So no request is ever routed to a pod that
 * is not ready and capacity never dips below what either configuration provides during a switch.
 */
export function planActions(current: ClusterState, desired: DesiredState, resize: ResizeMode, reason: string): ActionPlan {
  const now = new Map(current.deployments.map((d) => [d.name, d]));
  const wanted = new Map(desired.deployments.map((d) => [d.name, d]));
  const grow: Action[] = [];
  const waitFor: string[] = [];
  const shrink: Action[] = [];
  // Kept as they are but with no ready pod yet (a plan replaced while it waited for them, or one that
  // failed waiting): traffic must not move to them, nor capacity go away, before they serve.
  const notServing: string[] = [];

  for (const spec of desired.deployments) {
    const cur = now.get(spec.name);
    if (!cur) {
      grow.push({ type: 'create', spec });
      waitFor.push(spec.name);
      continue;
    }
    let changed = false;
    if (spec.cores > cur.cores) {
      grow.push({ type: 'resize', name: spec.name, cores: spec.cores, mode: resize });
      changed = true;
    } else if (spec.cores < cur.cores) {
      shrink.push({ type: 'resize', name: spec.name, cores: spec.cores, mode: resize });
    }
    if (spec.batch !== cur.batch) {
      grow.push({ type: 'set-batch', name: spec.name, batch: spec.batch });
      changed = true;
    }
    if (spec.replicas > cur.replicas) {
      grow.push({ type: 'scale', name: spec.name, replicas: spec.replicas });
      changed = true;
    } else if (spec.replicas < cur.replicas) {
      shrink.push({ type: 'scale', name: spec.name, replicas: spec.replicas });
    }
    if (changed) waitFor.push(spec.name);
    else if (cur.readyReplicas === 0 && spec.replicas > 0) notServing.push(spec.name);
  }
  for (const cur of current.deployments) {
    if (!wanted.has(cur.name)) shrink.push({ type: 'delete', name: cur.name });
  }

  const routes: Action[] = desired.routing
    .filter(
      (r) =>
        !sameWeights(
          current.routing.find((c) => c.stage === r.stage),
          r,
        ),
    )
    .map((routing) => ({ type: 'route', routing }));

  if (routes.length > 0 || shrink.length > 0) waitFor.push(...notServing);
  const actions: Action[] = [...grow];
  // More replicas of a deployment that already serves need no wait when nothing follows: its Service
  // sends them traffic once they are ready, and the next decision is not held up for a model load.
  const onlyAddsReplicas = grow.every((a) => a.type === 'scale') && routes.length === 0 && shrink.length === 0;
  if (waitFor.length > 0 && !onlyAddsReplicas) actions.push({ type: 'await-ready', names: waitFor });
  actions.push(...routes, ...shrink);
  return { actions, reason };
}
