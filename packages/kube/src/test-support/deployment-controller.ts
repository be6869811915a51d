import { Resources } from './resources';
import { rfc3339, type ObjectStore, type StoredObject } from './store';
import type { Clock } from '@infscale/core';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- stored JSON

/** FNV-1a of the pod template, as the pod-template-hash label (the real one hashes the template too). */
export function templateHash(template: unknown): string {
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(template)) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).slice(0, 10);
}

function isReady(pod: StoredObject): boolean {
  return ((pod.status as Obj | undefined)?.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === 'True');
}

/**
 * The deployment and ReplicaSet controllers folded into one: pods follow spec.replicas; a template
 * change rolls out new pods (100 % surge) and removes the old ones once every new pod is ready; a
 * deleted deployment's pods are garbage-collected. Status counts are omitted when zero (omitempty).
 */
export class FakeDeploymentController {
  private podSerial = 0;

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
  ) {}

  reconcile(namespace: string): void {
    const deployments = this.store.list('deployments', namespace);
    const live = new Set(deployments.map((d) => d.metadata.uid));
    for (const pod of this.store.list('pods', namespace)) {
      const owner = pod.metadata.ownerReferences?.[0]?.uid;
      if (owner && !live.has(owner)) this.store.delete(Resources.pods, namespace, pod.metadata.name);
    }
    for (const deployment of deployments) this.reconcileOne(deployment);
  }

  /** Pods must be re-read after the kubelet ran, so status is a separate pass. */
  updateStatus(namespace: string): void {
    for (const deployment of this.store.list('deployments', namespace)) {
      const { current, all } = this.podsOf(deployment);
      const counts: Obj = {
        replicas: all.length,
        updatedReplicas: current.length,
        readyReplicas: all.filter(isReady).length,
        availableReplicas: all.filter(isReady).length,
      };
      const status: Obj = { observedGeneration: deployment.metadata.generation };
      for (const [k, v] of Object.entries(counts)) if (v > 0) status[k] = v;
      const wanted = (deployment.spec as Obj).replicas ?? 1;
      const available = counts.availableReplicas >= wanted;
      const previous = ((deployment.status as Obj | undefined)?.conditions ?? []).find((c: Obj) => c.type === 'Available');
      const value = available ? 'True' : 'False';
      status.conditions = [
        {
          type: 'Available',
          status: value,
          reason: available ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
          message: available ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
          lastTransitionTime: previous?.status === value ? previous.lastTransitionTime : rfc3339(this.clock.now()),
        },
      ];
      if (JSON.stringify(status) !== JSON.stringify(deployment.status)) this.store.update(Resources.deployments, { ...deployment, status }, true);
    }
  }

  private podsOf(deployment: StoredObject): { hash: string; current: StoredObject[]; old: StoredObject[]; all: StoredObject[] } {
    const hash = templateHash((deployment.spec as Obj).template);
    const all = this.store
      .list('pods', deployment.metadata.namespace)
      .filter((p) => p.metadata.ownerReferences?.some((o) => o.uid === deployment.metadata.uid));
    const current = all.filter((p) => p.metadata.labels?.['pod-template-hash'] === hash);
    return { hash, current, old: all.filter((p) => !current.includes(p)), all };
  }

  private reconcileOne(deployment: StoredObject): void {
    const { hash, current, old } = this.podsOf(deployment);
    const replicas: number = (deployment.spec as Obj).replicas ?? 1;
    for (let i = current.length; i < replicas; i++) current.push(this.createPod(deployment, hash));
    const byAge = [...current].sort((a, b) => b.metadata.name.localeCompare(a.metadata.name));
    for (const extra of byAge.slice(0, Math.max(0, current.length - replicas))) {
      this.store.delete(Resources.pods, extra.metadata.namespace, extra.metadata.name);
    }
    const readyNew = current.filter(isReady).length;
    if (readyNew >= replicas) for (const pod of old) this.store.delete(Resources.pods, pod.metadata.namespace, pod.metadata.name);
  }

  private createPod(deployment: StoredObject, hash: string): StoredObject {
    const template = structuredClone((deployment.spec as Obj).template) as Obj;
    const serial = (++this.podSerial).toString(36).padStart(5, '0');
    return this.store.create(Resources.pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        ...(template.metadata ?? {}),
        name: `${deployment.metadata.name}-${hash}-${serial}`,
        namespace: deployment.metadata.namespace,
        labels: { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name, uid: deployment.metadata.uid!, controller: true }],
      },
      spec: template.spec,
      status: { phase: 'Pending' },
    });
  }
}
