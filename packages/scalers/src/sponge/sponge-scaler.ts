import type { DeploymentStatus, ResizeMode, Scaler, ScalerOutput } from '@infscale/core';
import { desiredFromCluster } from '../static/desired';
import { planJoint, type JointPlan } from './joint-plan';
import { parseSpongeConfig, type SpongeConfig } from './sponge-config';
import { spongeLoad, type SpongeLoad } from './sponge-load';

/** What Sponge remembers between decisions. */
export interface SpongeState {
  /** After a Deferred/Infeasible resize: the size the pod did get is the largest to ask for, until untilMs. */
  ceiling?: { cores: number; untilMs: number; why: 'deferred' | 'infeasible' };
  /** Since when fewer pods would have sufficed (fold-back waits replicas.foldBackAfter). */
  fewerSinceMs?: number;
}

const hold = (state: SpongeState, reason: string): ScalerOutput<SpongeState> => ({ state, decision: { kind: 'hold', reason } });

/**
 * Sponge (EuroMLSys 2024) as a pure Scaler: every interval the fewest cores, then the smallest batch,
 * that let every queued and expected request meet its own remaining deadline, applied in place
 * (pods/resize). Joint vertical + horizontal: another pod only when one pod at its largest size (or
 * the largest the node would give) cannot meet the deadlines; back to fewer pods when the load falls.
 */
export function createSpongeScaler(input: unknown): Scaler<SpongeState> {
  const config = parseSpongeConfig(input);
  const name = config.targetRef.name;
  const windowSeconds = Math.max(1, Math.ceil(config.loadWindow / 1000));
  const resize: ResizeMode = config.onResizeFailure === 'restart' ? 'in-place-or-restart' : 'in-place';
  return {
    name: 'sponge',
    intervalMs: config.interval,
    observationRequest: (nowMs) => ({ nowMs, historySeconds: windowSeconds, deployments: [name], wantQueue: true }),
    initialState: () => ({}),
    decide: ({ nowMs, observation, forecast, cluster }, state) => {
      const target = cluster.deployments.find((d) => d.name === name);
      if (!target) return hold(state, `deployment ${name} is not in the cluster`);
      if (observation.arrivalsPerSecond.length === 0 && observation.queuedBudgetsMs === undefined) {
        return hold(state, 'no data yet: no arrival history and no queue budgets');
      }
      if (target.resize === 'in-progress') return hold(state, `${name}: resize to ${target.cores} cores still in progress`);
      const ceiling = nextCeiling(target, state, nowMs, config);
      const load = spongeLoad(observation, forecast, windowSeconds, config.slo.latencyMs);
      const { plan, fewerSinceMs, foldNote } = choosePlan(load, target, ceiling?.cores ?? config.resourcePolicy.maxCores, nowMs, state, config);
      const next: SpongeState = { ...(ceiling ? { ceiling } : {}), ...(fewerSinceMs !== undefined ? { fewerSinceMs } : {}) };
      const reason = explain(
        plan,
        load,
        config,
        [ceilingNote(ceiling, target), foldNote].filter((n): n is string => !!n),
      );
      if (plan.replicas === target.replicas && plan.cores === target.cores && plan.batch === target.batch) {
        return hold(next, `keeps ${reason}`);
      }
      const desired = desiredFromCluster(cluster, (d) => (d.name === name ? { ...d, replicas: plan.replicas, cores: plan.cores, batch: plan.batch } : d));
      return { state: next, decision: { kind: 'apply', desired, resize, reason, details: details(plan, load) } };
    },
  };
}

/** A Deferred or Infeasible resize means the node has no room: the cores the pod got become the ceiling. */
function nextCeiling(target: DeploymentStatus, state: SpongeState, nowMs: number, config: SpongeConfig): SpongeState['ceiling'] {
  const { minCores, maxCores } = config.resourcePolicy;
  if (target.resize === 'deferred' || target.resize === 'infeasible') {
    const got = Math.min(maxCores, Math.max(minCores, Math.floor(target.actualCores + 1e-9)));
    return { cores: got, untilMs: nowMs + config.resizeCeilingHold, why: target.resize };
  }
  return state.ceiling && state.ceiling.untilMs > nowMs ? state.ceiling : undefined;
}

/** Fewest pods first; a pod is removed only after fewer have sufficed for replicas.foldBackAfter. */
function choosePlan(
  load: SpongeLoad,
  target: DeploymentStatus,
  maxCores: number,
  nowMs: number,
  state: SpongeState,
  config: SpongeConfig,
): { plan: JointPlan; fewerSinceMs?: number; foldNote?: string } {
  const solve = (minReplicas: number): JointPlan =>
    planJoint({
      model: config.latencyModel,
      queueBudgetsMs: load.queuedBudgetsMs,
      loadRps: load.loadRps,
      intervalS: config.interval / 1000,
      arrivalBudgetMs: load.arrivalBudgetMs,
      headroom: config.headroom,
      minCores: config.resourcePolicy.minCores,
      maxCores,
      maxBatch: config.maxBatch,
      minReplicas,
      maxReplicas: config.replicas.max,
    });
  const free = solve(1);
  const current = Math.min(target.replicas, config.replicas.max);
  if (free.replicas >= current) return { plan: free };
  const since = state.fewerSinceMs ?? nowMs;
  const waitedMs = nowMs - since;
  if (waitedMs >= config.replicas.foldBackAfter)
    return { plan: free, foldNote: `folds back to ${free.replicas} pod(s): fewer have sufficed for ${(waitedMs / 1000).toFixed(0)} s` };
  const leftS = ((config.replicas.foldBackAfter - waitedMs) / 1000).toFixed(0);
  return { plan: solve(current), fewerSinceMs: since, foldNote: `${free.replicas} pod(s) would suffice; folds back if that lasts ${leftS} s more` };
}

function ceilingNote(ceiling: SpongeState['ceiling'], target: DeploymentStatus): string | undefined {
  if (!ceiling) return undefined;
  return `the node could not grow ${target.name} (resize ${ceiling.why}), so at most ${ceiling.cores} cores per pod for now`;
}

function explain(plan: JointPlan, load: SpongeLoad, config: SpongeConfig, notes: string[]): string {
  const size = `${plan.replicas} pod(s) × ${plan.cores} cores, batch ${plan.batch}`;
  const what = `${load.queuedBudgetsMs.length} queued + ${Math.ceil(load.loadRps * (config.interval / 1000) - 1e-9)} expected requests (${load.loadRps.toFixed(1)} req/s, ${load.loadSource}); tightest budget ${load.tightestBudgetMs.toFixed(0)} ms`;
  const verdict = plan.feasible
    ? `${size}: ${what} all finish within ${Math.round(config.headroom * 100)} % of their budgets`
    : `${size}, serving as fast as it can: ${what} cannot all meet their deadlines (${plan.infeasibleReason ?? 'no plan fits'})`;
  const lost = plan.unreachable > 0 ? [`${plan.unreachable} queued request(s) cannot make their deadline at any size and are left out`] : [];
  return [verdict, ...lost, ...notes].join('; ');
}

function details(plan: JointPlan, load: SpongeLoad): Record<string, number | string> {
  return {
    cores: plan.cores,
    batch: plan.batch,
    replicas: plan.replicas,
    predictedRps: load.loadRps,
    loadSource: load.loadSource,
    tightestBudgetMs: load.tightestBudgetMs,
    arrivalBudgetMs: load.arrivalBudgetMs,
    queued: load.queuedBudgetsMs.length,
    feasible: plan.feasible ? 'yes' : 'no',
    unreachable: plan.unreachable,
    ...(Number.isFinite(plan.objective) ? { objective: plan.objective } : {}),
  };
}
