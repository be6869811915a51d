import { Field, Status, type ResourceName, type StatusCause } from './status';
import type { StoredObject } from './store';

/** Admission checks of the calls the actuator makes, worded as the API server words them. */

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CPU = /^([0-9]+(\.[0-9]*)?|\.[0-9]+)([numkMG]?)$/;
const MEMORY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m)?$/;
/** metav1.MicroTime is parsed with layout 2006-01-02T15:04:05.000000Z07:00: exactly six digits. */
/** metav1.Time: RFC 3339, fractional seconds accepted (Go's time.RFC3339 parse). */
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const MICROTIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function cpuMilli(q: unknown): number {
  const m = typeof q === 'string' ? CPU.exec(q) : null;
  if (!m) return Number.NaN;
  const mult: Record<string, number> = { n: 1e-6, u: 1e-3, m: 1, '': 1000, k: 1e6, M: 1e9, G: 1e12 };
  return Math.round(Number(m[1]) * (mult[m[3] ?? ''] ?? 1));
}

/** The decoder's 400 when a field has the wrong JSON type (e.g. an env value sent as a number). */
function decodeError(kind: string, field: string, want: string, got: unknown): never {
  throw Status.badRequest(
    `${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal ${typeof got} into Go struct field ${field} of type ${want}`,
  );
}

/** apiVersion/kind, when sent, must be the endpoint's; the name must be a DNS subdomain. */
export function checkTypeAndName(r: ResourceName & { apiVersion: string }, obj: StoredObject, causes: StatusCause[]): void {
  if (obj.kind !== undefined && obj.kind !== r.kind) {
    throw Status.badRequest(`${obj.kind} in version "${obj.apiVersion ?? ''}" cannot be handled as a ${r.kind}: wrong kind, expected ${r.kind}`);
  }
  if (obj.apiVersion !== undefined && obj.apiVersion !== r.apiVersion) {
    throw Status.badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${r.apiVersion})`);
  }
  const name = obj.metadata.name;
  if (!SUBDOMAIN.test(name) || name.length > 253) {
    causes.push(Field.invalid('metadata.name', name, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'"));
  }
}

export function validateResources(res: unknown, path: string, causes: StatusCause[]): void {
  if (res === undefined) return;
  if (!isObj(res)) return void causes.push(Field.invalid(path, res, 'must be an object'));
  for (const part of ['requests', 'limits'] as const) {
    const m = res[part];
    if (m === undefined) continue;
    if (!isObj(m)) return void causes.push(Field.invalid(`${path}.${part}`, m, 'must be a map'));
    for (const [k, v] of Object.entries(m)) {
      const ok = k === 'cpu' ? !Number.isNaN(cpuMilli(v)) : typeof v === 'string' && MEMORY.test(v);
      if (!ok) causes.push(Field.invalid(`${path}.${part}[${k}]`, v, 'quantities must match the regular expression'));
    }
  }
  const req = isObj(res.requests) ? res.requests : {};
  const lim = isObj(res.limits) ? res.limits : {};
  if (req.cpu !== undefined && lim.cpu !== undefined && cpuMilli(req.cpu) > cpuMilli(lim.cpu)) {
    causes.push(Field.invalid(`${path}.requests`, req.cpu, `must be less than or equal to cpu limit of ${String(lim.cpu)}`));
  }
}

export function validateContainers(containers: unknown, path: string, kind: string, causes: StatusCause[]): void {
  if (!Array.isArray(containers) || containers.length === 0) return void causes.push(Field.required(path));
  containers.forEach((c: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isObj(c)) return void causes.push(Field.invalid(at, c, 'must be an object'));
    if (typeof c.name !== 'string' || !LABEL.test(c.name)) causes.push(Field.required(`${at}.name`));
    if (typeof c.image !== 'string' || c.image === '') causes.push(Field.required(`${at}.image`));
    validateResources(c.resources, `${at}.resources`, causes);
    for (const e of Array.isArray(c.env) ? (c.env as unknown[]) : []) {
      if (isObj(e) && e.value !== undefined && typeof e.value !== 'string') decodeError(kind, 'EnvVar.value', 'string', e.value);
    }
    for (const p of Array.isArray(c.resizePolicy) ? (c.resizePolicy as unknown[]) : []) {
      if (!isObj(p) || !['cpu', 'memory'].includes(String(p.resourceName))) {
        causes.push(Field.invalid(`${at}.resizePolicy`, p, 'supported values: "cpu", "memory"'));
      } else if (!['NotRequired', 'RestartContainer'].includes(String(p.restartPolicy))) {
        causes.push(Field.invalid(`${at}.resizePolicy.restartPolicy`, p.restartPolicy, 'supported values: "NotRequired", "RestartContainer"'));
      }
    }
  });
}

/** Validation of a deployment create or update (old present): selector, template, replicas, resources. */
export function validateDeployment(r: ResourceName & { apiVersion: string }, obj: StoredObject, old?: StoredObject): void {
  const causes: StatusCause[] = [];
  checkTypeAndName(r, obj, causes);
  const spec = isObj(obj.spec) ? obj.spec : {};
  if (spec.replicas !== undefined && (!Number.isInteger(spec.replicas) || (spec.replicas as number) < 0)) {
    causes.push(Field.invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  }
  const selector = isObj(spec.selector) && isObj(spec.selector.matchLabels) ? (spec.selector.matchLabels as Record<string, string>) : undefined;
  if (!selector || Object.keys(selector).length === 0) causes.push(Field.required('spec.selector'));
  const template = isObj(spec.template) ? spec.template : {};
  const labels = isObj(template.metadata) && isObj(template.metadata.labels) ? (template.metadata.labels as Record<string, string>) : {};
  if (selector && Object.entries(selector).some(([k, v]) => labels[k] !== v)) {
    causes.push(Field.invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  validateContainers(isObj(template.spec) ? template.spec.containers : undefined, 'spec.template.spec.containers', r.kind, causes);
  if (old && JSON.stringify((old.spec as Obj | undefined)?.selector) !== JSON.stringify(spec.selector)) {
    causes.push(Field.immutable('spec.selector', spec.selector));
  }
  if (causes.length > 0) throw Status.invalid(r, obj.metadata.name, causes);
}

export function validateConfigMap(r: ResourceName & { apiVersion: string }, obj: StoredObject): void {
  const causes: StatusCause[] = [];
  checkTypeAndName(r, obj, causes);
  const data = obj.data;
  if (data !== undefined) {
    if (!isObj(data)) decodeError(r.kind, 'ConfigMap.data', 'map[string]string', data);
    for (const [k, v] of Object.entries(data)) {
      if (typeof v !== 'string') decodeError(r.kind, 'ConfigMap.data', 'string', v);
      if (!/^[-._a-zA-Z0-9]+$/.test(k)) causes.push(Field.invalid(`data[${k}]`, k, "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"));
    }
  }
  if (causes.length > 0) throw Status.invalid(r, obj.metadata.name, causes);
}

function checkMicroTime(kind: string, field: string, v: unknown): void {
  if (v === undefined || v === null) return;
  if (typeof v !== 'string' || !MICROTIME.test(v)) {
    throw Status.badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05.000000Z07:00": cannot parse ${field}`);
  }
}

export function validateLease(r: ResourceName & { apiVersion: string }, obj: StoredObject): void {
  const causes: StatusCause[] = [];
  checkTypeAndName(r, obj, causes);
  const spec = isObj(obj.spec) ? obj.spec : {};
  checkMicroTime(r.kind, 'spec.acquireTime', spec.acquireTime);
  checkMicroTime(r.kind, 'spec.renewTime', spec.renewTime);
  if (spec.leaseDurationSeconds !== undefined && !((spec.leaseDurationSeconds as number) > 0)) {
    causes.push(Field.invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  if (causes.length > 0) throw Status.invalid(r, obj.metadata.name, causes);
}

export function validateEvent(r: ResourceName & { apiVersion: string }, obj: StoredObject): void {
  const causes: StatusCause[] = [];
  checkTypeAndName(r, obj, causes);
  const involved = isObj(obj.involvedObject) ? obj.involvedObject : undefined;
  if (!involved) causes.push(Field.required('involvedObject'));
  else if (involved.namespace !== undefined && involved.namespace !== obj.metadata.namespace) {
    causes.push(Field.invalid('involvedObject.namespace', involved.namespace, 'does not match event.namespace'));
  }
  if (obj.type !== undefined && obj.type !== 'Normal' && obj.type !== 'Warning') {
    causes.push(Field.invalid('type', obj.type, 'supported values: "Normal", "Warning"'));
  }
  checkMicroTime(r.kind, 'eventTime', obj.eventTime);
  // count is an int32 and the timestamps metav1.Time: anything else fails decoding (400), as on a real server.
  if (obj.count !== undefined && obj.count !== null && !Number.isInteger(obj.count)) decodeError(r.kind, 'Event.count', 'int32', obj.count);
  for (const f of ['firstTimestamp', 'lastTimestamp']) {
    const v = obj[f];
    if (v !== undefined && v !== null && (typeof v !== 'string' || !TIME.test(v))) {
      throw Status.badRequest(`${r.kind} in version "v1" cannot be handled as a ${r.kind}: parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": cannot parse ${f}`);
    }
  }
  if (obj.eventTime) {
    // Events with eventTime are the new-style ones: the server requires who reported them and what happened.
    for (const f of ['reportingComponent', 'reportingInstance', 'action', 'reason']) if (!obj[f]) causes.push(Field.required(f === 'reportingComponent' ? 'reportingController' : f));
  }
  if (causes.length > 0) throw Status.invalid(r, obj.metadata.name, causes);
}
