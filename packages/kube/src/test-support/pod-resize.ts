import { Field, Status, type StatusCause } from './status';
import type { StoredObject } from './store';
import { Resources } from './resources';
import { cpuMilli, validateResources } from './validation';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- stored JSON

function qos(pod: StoredObject): string {
  const containers = (pod.spec as Obj).containers as Obj[];
  const all = containers.map((c) => ({ req: c.resources?.requests ?? {}, lim: c.resources?.limits ?? {} }));
  if (all.every((r) => Object.keys(r.req).length === 0 && Object.keys(r.lim).length === 0)) return 'BestEffort';
  const guaranteed = all.every(
    (r) => r.lim.cpu !== undefined && r.lim.memory !== undefined && (r.req.cpu === undefined || cpuMilli(r.req.cpu) === cpuMilli(r.lim.cpu)) && (r.req.memory ?? r.lim.memory) === r.lim.memory,
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** The pod with every container's cpu/memory resources and resize policy blanked: what a resize may not change. */
function withoutResizable(pod: StoredObject): unknown {
  const copy = structuredClone(pod) as Obj;
  for (const c of copy.spec.containers as Obj[]) {
    for (const part of ['requests', 'limits']) {
      if (c.resources?.[part]) {
        delete c.resources[part].cpu;
        delete c.resources[part].memory;
      }
    }
    delete c.resizePolicy;
  }
  return { metadata: { ...copy.metadata, resourceVersion: undefined, generation: undefined }, spec: copy.spec };
}

/**
 * Admission of the pods/resize subresource: only containers' cpu and memory requests/limits (and
 * resize policies) may change, the QoS class must stay, and the usual resource validation applies.
 * Anything else is a 422, as on a real server.
 */
export function validateResize(old: StoredObject, next: StoredObject): void {
  const name = old.metadata.name;
  const causes: StatusCause[] = [];
  if (JSON.stringify(withoutResizable(old)) !== JSON.stringify(withoutResizable(next))) {
    causes.push(Field.forbidden('spec', 'only cpu and memory resources for sidecar containers and regular containers are mutable'));
  }
  const containers = ((next.spec as Obj | undefined)?.containers ?? []) as Obj[];
  containers.forEach((c, i) => validateResources(c.resources, `spec.containers[${i}].resources`, causes));
  if (causes.length === 0 && qos(old) !== qos(next)) causes.push(Field.invalid('metadata', qos(next), 'Pod QOS Class may not change as a result of resizing'));
  if (causes.length > 0) throw Status.invalid(Resources.pods, name, causes);
}

/** Condition types of the kubelet's and the scheduler's own; any other type must be a qualified name. */
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** Validation of a pods/status write as far as conditions go: type (unique, qualified), status True|False|Unknown. */
export function validatePodStatus(old: StoredObject, status: Obj): void {
  const causes: StatusCause[] = [];
  const conditions = (status.conditions ?? []) as Obj[];
  const seen = new Set<string>();
  conditions.forEach((c, i) => {
    const field = `status.conditions[${i}]`;
    if (typeof c.type !== 'string' || c.type === '') causes.push(Field.required(`${field}.type`));
    else if (!QUALIFIED_NAME.test(c.type)) causes.push(Field.invalid(`${field}.type`, c.type, "name part must consist of alphanumeric characters, '-', '_' or '.'"));
    else if (seen.has(c.type)) causes.push(Field.invalid(`${field}.type`, c.type, 'must be unique'));
    else seen.add(c.type);
    if (!['True', 'False', 'Unknown'].includes(c.status)) causes.push(Field.invalid(`${field}.status`, c.status, 'supported values: "False", "True", "Unknown"'));
  });
  if (causes.length > 0) throw Status.invalid(Resources.pods, old.metadata.name, causes);
}
