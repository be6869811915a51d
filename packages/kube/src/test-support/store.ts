import type { Clock } from '@infscale/core';
import { parseLabelSelector } from './label-selector';
import { Status, type ResourceName } from './status';

/** A stored object: whatever JSON the client sent, plus the metadata the server owns. */
export interface StoredObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
    [key: string]: unknown;
  };
  spec?: unknown;
  [key: string]: unknown;
}

/** Resources whose metadata.generation counts spec changes. */
const GENERATION_TRACKED = new Set(['deployments', 'pods']);

/** RFC 3339 at second precision, as metav1.Time is written. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * The etcd of the fake server: objects per resource and namespace, one global resourceVersion counter
 * (so "stale" is well defined), uid and creationTimestamp assigned on create, generation bumped when
 * the spec changes. Every read returns a copy, so handlers cannot alias stored state.
 */
export class ObjectStore {
  private readonly objects = new Map<string, StoredObject>();
  private version = 1000;
  private uids = 0;

  constructor(private readonly clock: Clock) {}

  get resourceVersion(): string {
    return String(this.version);
  }

  private key(resource: string, namespace: string, name: string): string {
    return `${resource}/${namespace}/${name}`;
  }

  find(resource: string, namespace: string, name: string): StoredObject | undefined {
    const found = this.objects.get(this.key(resource, namespace, name));
    return found ? structuredClone(found) : undefined;
  }

  get(r: ResourceName, namespace: string, name: string): StoredObject {
    const found = this.find(r.resource, namespace, name);
    if (!found) throw Status.notFound(r, name);
    return found;
  }

  list(resource: string, namespace: string, labelSelector?: string): StoredObject[] {
    const matches = labelSelector ? parseLabelSelector(labelSelector) : () => true;
    const prefix = `${resource}/${namespace}/`;
    return [...this.objects.entries()]
      .filter(([k, o]) => k.startsWith(prefix) && matches(o.metadata.labels))
      .map(([, o]) => structuredClone(o));
  }

  create(r: ResourceName, obj: StoredObject): StoredObject {
    const { namespace, name } = obj.metadata;
    const key = this.key(r.resource, namespace, name);
    if (this.objects.has(key)) throw Status.alreadyExists(r, name);
    const stored = structuredClone(obj);
    stored.metadata.uid = `00000000-0000-4000-8000-${String(++this.uids).padStart(12, '0')}`;
    stored.metadata.creationTimestamp = rfc3339(this.clock.now());
    stored.metadata.resourceVersion = String(++this.version);
    if (GENERATION_TRACKED.has(r.resource)) stored.metadata.generation = 1;
    else delete stored.metadata.generation;
    this.objects.set(key, stored);
    return structuredClone(stored);
  }

  /**
   * Writes a new version. When the incoming object carries a resourceVersion it must be the current
   * one (optimistic concurrency: 409 otherwise); server-owned metadata cannot be changed by clients.
   */
  /** Controllers' own writes (binding a pod to a node, status) pass `asController`: generation stays. */
  update(r: ResourceName, obj: StoredObject, asController = false): StoredObject {
    const { namespace, name } = obj.metadata;
    const key = this.key(r.resource, namespace, name);
    const current = this.objects.get(key);
    if (!current) throw Status.notFound(r, name);
    const sent = obj.metadata.resourceVersion;
    if (sent !== undefined && sent !== '' && sent !== current.metadata.resourceVersion) throw Status.conflict(r, name);
    const next = structuredClone(obj);
    next.metadata.uid = current.metadata.uid;
    next.metadata.creationTimestamp = current.metadata.creationTimestamp;
    if (GENERATION_TRACKED.has(r.resource)) {
      const specChanged = !asController && JSON.stringify(current.spec) !== JSON.stringify(next.spec);
      next.metadata.generation = (current.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    }
    next.metadata.resourceVersion = current.metadata.resourceVersion;
    if (JSON.stringify(next) === JSON.stringify(current)) return structuredClone(current); // no-op writes keep the version
    next.metadata.resourceVersion = String(++this.version);
    this.objects.set(key, next);
    return structuredClone(next);
  }

  delete(r: ResourceName, namespace: string, name: string): StoredObject {
    const key = this.key(r.resource, namespace, name);
    const current = this.objects.get(key);
    if (!current) throw Status.notFound(r, name);
    this.objects.delete(key);
    ++this.version;
    return current;
  }
}
