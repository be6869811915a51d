import { applyPatch, type Json } from './patch';
import { validatePodStatus, validateResize } from './pod-resize';
import { Resources } from './resources';
import { Field, Status } from './status';
import type { ObjectStore, StoredObject } from './store';
import { validateConfigMap, validateDeployment, validateEvent, validateLease } from './validation';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- stored JSON
type Kind = (typeof Resources)[keyof typeof Resources];

export interface ApiRequest {
  method: string;
  kind: Kind;
  namespace: string;
  name?: string;
  subresource?: string;
  query: URLSearchParams;
  contentType: string;
  body: unknown;
}

export interface ApiReply {
  code: number;
  body: unknown;
}

const VALIDATORS: Record<string, (r: Kind, obj: StoredObject, old?: StoredObject) => void> = {
  deployments: validateDeployment,
  configmaps: validateConfigMap,
  leases: validateLease,
  events: validateEvent,
};

function asObject(body: unknown, kind: string): StoredObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw Status.badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal into Go value of type ${kind}`);
  }
  const obj = body as StoredObject;
  obj.metadata = (obj.metadata ?? {}) as StoredObject['metadata'];
  return obj;
}

/** Adds kind/apiVersion as the server does in single-object answers. */
function typed(kind: Kind, obj: StoredObject): StoredObject {
  return { apiVersion: kind.apiVersion, kind: kind.kind, ...obj };
}

function success(kind: Kind, name: string): ApiReply {
  return { code: 200, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, group: kind.group, kind: kind.resource, uid: '' } } };
}

function checkNamespaceAndName(req: ApiRequest, obj: StoredObject): void {
  if (obj.metadata.namespace !== undefined && obj.metadata.namespace !== req.namespace) {
    throw Status.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  obj.metadata.namespace = req.namespace;
  if (req.name !== undefined && obj.metadata.name !== undefined && obj.metadata.name !== req.name) {
    throw Status.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${req.name})`);
  }
}

/** DeleteOptions.preconditions: delete only the object (uid) at the version (resourceVersion) the client read, else 409. */
function checkPreconditions(req: ApiRequest, current: StoredObject): void {
  const pre = (req.body as { preconditions?: { uid?: string; resourceVersion?: string } } | undefined)?.preconditions;
  const uidMoved = pre?.uid !== undefined && pre.uid !== current.metadata.uid;
  const versionMoved = pre?.resourceVersion !== undefined && pre.resourceVersion !== current.metadata.resourceVersion;
  if (uidMoved || versionMoved) throw Status.conflict(req.kind, req.name!);
}

/**
 * The REST semantics of the calls infscale makes: list (labelSelector), get, create, update (PUT),
 * patch (json / merge / strategic), delete, deployments/scale and pods/resize. Pods are created only
 * by the deployment controller, so POST and PUT on pods are not routed (405).
 */
export class ApiHandlers {
  private generated = 0;

  constructor(private readonly store: ObjectStore) {}

  handle(req: ApiRequest): ApiReply {
    const { kind, subresource, method } = req;
    if (subresource === 'scale') return this.scale(req);
    if (subresource === 'resize') return this.resize(req);
    if (subresource === 'status' && kind.resource === 'pods') return this.podStatus(req);
    if (subresource !== undefined) throw Status.methodNotAllowed();
    if (req.name === undefined) {
      if (method === 'GET') return this.list(req);
      if (method === 'POST' && kind.resource !== 'pods') return this.create(req);
      throw Status.methodNotAllowed();
    }
    const name = req.name;
    switch (method) {
      case 'GET':
        return { code: 200, body: typed(kind, this.store.get(kind, req.namespace, name)) };
      case 'DELETE': {
        checkPreconditions(req, this.store.get(kind, req.namespace, name));
        const gone = this.store.delete(kind, req.namespace, name);
        return kind.resource === 'pods' ? { code: 200, body: typed(kind, gone) } : success(kind, name);
      }
      case 'PUT':
        if (kind.resource === 'pods') throw Status.methodNotAllowed();
        return this.write(req, asObject(req.body, kind.kind));
      case 'PATCH': {
        if (kind.resource === 'pods') throw Status.methodNotAllowed();
        const current = this.store.get(kind, req.namespace, name);
        return this.write(req, asObject(applyPatch(req.contentType, current as unknown as Json, req.body as Json), kind.kind), current);
      }
      default:
        throw Status.methodNotAllowed();
    }
  }

  private list(req: ApiRequest): ApiReply {
    const items = this.store.list(req.kind.resource, req.namespace, req.query.get('labelSelector') ?? undefined);
    return { code: 200, body: { kind: `${req.kind.kind}List`, apiVersion: req.kind.apiVersion, metadata: { resourceVersion: this.store.resourceVersion }, items } };
  }

  private create(req: ApiRequest): ApiReply {
    const obj = asObject(req.body, req.kind.kind);
    checkNamespaceAndName(req, obj);
    if (!obj.metadata.name && typeof obj.metadata.generateName === 'string') {
      obj.metadata.name = `${obj.metadata.generateName}${(++this.generated).toString(36).padStart(5, 'x')}`;
    }
    if (!obj.metadata.name) throw Status.invalid(req.kind, '', [Field.required('metadata.name', 'name or generateName is required')]);
    VALIDATORS[req.kind.resource]?.(req.kind, obj);
    delete obj.status; // status is the controllers' to write
    return { code: 201, body: typed(req.kind, this.store.create(req.kind, obj)) };
  }

  /** Update (PUT or patched object): validation, then optimistic concurrency in the store. */
  private write(req: ApiRequest, obj: StoredObject, patchedFrom?: StoredObject): ApiReply {
    checkNamespaceAndName(req, obj);
    const old = patchedFrom ?? this.store.get(req.kind, req.namespace, req.name!);
    obj.metadata.name = req.name!;
    VALIDATORS[req.kind.resource]?.(req.kind, obj, old);
    obj.status = old.status; // the main resource ignores status changes
    return { code: 200, body: typed(req.kind, this.store.update(req.kind, obj)) };
  }

  private scaleOf(deployment: StoredObject): StoredObject {
    const spec = deployment.spec as Obj;
    const labels = spec.selector?.matchLabels ?? {};
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { ...deployment.metadata, labels: undefined, annotations: undefined, ownerReferences: undefined },
      spec: { replicas: spec.replicas ?? 1 },
      status: {
        replicas: (deployment.status as Obj | undefined)?.replicas ?? 0,
        selector: Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(','),
      },
    };
  }

  private scale(req: ApiRequest): ApiReply {
    if (req.kind.resource !== 'deployments' || req.name === undefined) throw Status.methodNotAllowed();
    const deployment = this.store.get(Resources.deployments, req.namespace, req.name);
    const scale = JSON.parse(JSON.stringify(this.scaleOf(deployment))) as StoredObject;
    if (req.method === 'GET') return { code: 200, body: scale };
    let next: StoredObject;
    if (req.method === 'PATCH') next = asObject(applyPatch(req.contentType, scale as unknown as Json, req.body as Json), 'Scale');
    else if (req.method === 'PUT') next = asObject(req.body, 'Scale');
    else throw Status.methodNotAllowed();
    if (next.kind !== undefined && next.kind !== 'Scale') throw Status.badRequest(`${String(next.kind)} in version "${String(next.apiVersion)}" cannot be handled as a Scale`);
    const replicas = (next.spec as Obj | undefined)?.replicas;
    if (!Number.isInteger(replicas) || replicas < 0) throw Status.invalid(Resources.scale, req.name, [Field.invalid('spec.replicas', replicas, 'must be greater than or equal to 0')]);
    const rv = next.metadata?.resourceVersion;
    const updated = this.store.update(Resources.deployments, {
      ...deployment,
      metadata: { ...deployment.metadata, resourceVersion: rv || deployment.metadata.resourceVersion },
      spec: { ...(deployment.spec as Obj), replicas },
    });
    return { code: 200, body: this.scaleOf(updated) };
  }

  /** A pods/<subresource> request: the stored pod and, for a PATCH or PUT, the whole pod as written (no write on GET). */
  private podSubresource(req: ApiRequest): { pod: StoredObject; next: StoredObject | undefined } {
    if (req.name === undefined) throw Status.methodNotAllowed();
    const pod = this.store.get(Resources.pods, req.namespace, req.name);
    if (req.method === 'GET') return { pod, next: undefined };
    let next: StoredObject;
    if (req.method === 'PATCH') next = asObject(applyPatch(req.contentType, pod as unknown as Json, req.body as Json), 'Pod');
    else if (req.method === 'PUT') next = asObject(req.body, 'Pod');
    else throw Status.methodNotAllowed();
    checkNamespaceAndName(req, next);
    return { pod, next };
  }

  /**
   * pods/status, as controllers that own a readiness gate write their condition: the patch applies to
   * the whole pod (strategic merge: conditions merge by type), then only status is kept, as the
   * server's status strategy keeps the old spec and metadata. Conditions are validated.
   */
  private podStatus(req: ApiRequest): ApiReply {
    const { pod, next } = this.podSubresource(req);
    if (!next) return { code: 200, body: typed(req.kind, pod) };
    validatePodStatus(pod, (next.status ?? {}) as Obj);
    const rv = next.metadata.resourceVersion;
    return { code: 200, body: typed(req.kind, this.store.update(Resources.pods, { ...pod, metadata: { ...pod.metadata, resourceVersion: rv }, status: next.status })) };
  }

  private resize(req: ApiRequest): ApiReply {
    if (req.kind.resource !== 'pods') throw Status.methodNotAllowed();
    const { pod, next } = this.podSubresource(req);
    if (!next) return { code: 200, body: typed(req.kind, pod) };
    next.status = pod.status;
    validateResize(pod, next);
    return { code: 200, body: typed(req.kind, this.store.update(Resources.pods, next)) };
  }
}
