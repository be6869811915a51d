import {
  AppsV1Api,
  CoordinationV1Api,
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type CoreV1Event,
  type KubeConfig,
  type V1ConfigMap,
  type V1Deployment,
  type V1Lease,
  type V1Pod,
} from '@kubernetes/client-node';

/** A JSON patch (RFC 6902) operation list or a merge-patch object. */
export type PatchBody = object;
export type PatchType = 'merge' | 'strategic' | 'json';

const CONTENT_TYPE: Record<PatchType, string> = {
  merge: PatchStrategy.MergePatch,
  strategic: PatchStrategy.StrategicMergePatch,
  json: PatchStrategy.JsonPatch,
};

/**
 * Every API call the actuator makes, in one namespace, and nothing else: the thin seam between policy
 * and client-node. The dry-run decorator and the RBAC role follow this list.
 */
export interface KubeApi {
  readonly namespace: string;
  listDeployments(labelSelector: string): Promise<V1Deployment[]>;
  readDeployment(name: string): Promise<V1Deployment>;
  createDeployment(body: V1Deployment): Promise<V1Deployment>;
  patchDeployment(name: string, patch: PatchBody, type: PatchType): Promise<V1Deployment>;
  deleteDeployment(name: string): Promise<void>;
  scaleDeployment(name: string, replicas: number): Promise<void>;
  listPods(labelSelector: string): Promise<V1Pod[]>;
  readPod(name: string): Promise<V1Pod>;
  resizePod(name: string, patch: PatchBody): Promise<V1Pod>;
  /** Strategic merge patch of pods/status (conditions merge by type): the resize readiness gate. */
  patchPodStatus(name: string, patch: PatchBody): Promise<V1Pod>;
  readConfigMap(name: string): Promise<V1ConfigMap>;
  createConfigMap(body: V1ConfigMap): Promise<V1ConfigMap>;
  patchConfigMap(name: string, patch: PatchBody): Promise<V1ConfigMap>;
  readLease(name: string): Promise<V1Lease>;
  createLease(body: V1Lease): Promise<V1Lease>;
  replaceLease(name: string, body: V1Lease): Promise<V1Lease>;
  createEvent(body: CoreV1Event): Promise<void>;
  /** Strategic merge patch of an event (count and lastTimestamp of a repeat, as client-go's recorder). */
  patchEvent(name: string, patch: PatchBody): Promise<void>;
}

/** The KubeApi over @kubernetes/client-node's generated clients. */
export class ClientNodeKubeApi implements KubeApi {
  private readonly apps: AppsV1Api;
  private readonly core: CoreV1Api;
  private readonly coordination: CoordinationV1Api;

  constructor(
    kubeConfig: KubeConfig,
    readonly namespace: string,
  ) {
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.coordination = kubeConfig.makeApiClient(CoordinationV1Api);
  }

  async listDeployments(labelSelector: string): Promise<V1Deployment[]> {
    return (await this.apps.listNamespacedDeployment({ namespace: this.namespace, labelSelector })).items;
  }

  readDeployment(name: string): Promise<V1Deployment> {
    return this.apps.readNamespacedDeployment({ name, namespace: this.namespace });
  }

  createDeployment(body: V1Deployment): Promise<V1Deployment> {
    return this.apps.createNamespacedDeployment({ namespace: this.namespace, body });
  }

  patchDeployment(name: string, patch: PatchBody, type: PatchType): Promise<V1Deployment> {
    return this.apps.patchNamespacedDeployment({ name, namespace: this.namespace, body: patch }, setHeaderOptions('Content-Type', CONTENT_TYPE[type]));
  }

  async deleteDeployment(name: string): Promise<void> {
    await this.apps.deleteNamespacedDeployment({ name, namespace: this.namespace });
  }

  /** Through the scale subresource, as HPA does: touches nothing but spec.replicas. */
  async scaleDeployment(name: string, replicas: number): Promise<void> {
    await this.apps.patchNamespacedDeploymentScale(
      { name, namespace: this.namespace, body: { spec: { replicas } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }

  async listPods(labelSelector: string): Promise<V1Pod[]> {
    return (await this.core.listNamespacedPod({ namespace: this.namespace, labelSelector })).items;
  }

  readPod(name: string): Promise<V1Pod> {
    return this.core.readNamespacedPod({ name, namespace: this.namespace });
  }

  /** The pods/resize subresource (Kubernetes ≥ 1.33): strategic merge keyed by container name. */
  resizePod(name: string, patch: PatchBody): Promise<V1Pod> {
    return this.core.patchNamespacedPodResize(
      { name, namespace: this.namespace, body: patch },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
  }

  /** The status subresource, as controllers that own a readiness gate write their condition. */
  patchPodStatus(name: string, patch: PatchBody): Promise<V1Pod> {
    return this.core.patchNamespacedPodStatus(
      { name, namespace: this.namespace, body: patch },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
  }

  readConfigMap(name: string): Promise<V1ConfigMap> {
    return this.core.readNamespacedConfigMap({ name, namespace: this.namespace });
  }

  createConfigMap(body: V1ConfigMap): Promise<V1ConfigMap> {
    return this.core.createNamespacedConfigMap({ namespace: this.namespace, body });
  }

  patchConfigMap(name: string, patch: PatchBody): Promise<V1ConfigMap> {
    return this.core.patchNamespacedConfigMap({ name, namespace: this.namespace, body: patch }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
  }

  readLease(name: string): Promise<V1Lease> {
    return this.coordination.readNamespacedLease({ name, namespace: this.namespace });
  }

  createLease(body: V1Lease): Promise<V1Lease> {
    return this.coordination.createNamespacedLease({ namespace: this.namespace, body });
  }

  replaceLease(name: string, body: V1Lease): Promise<V1Lease> {
    return this.coordination.replaceNamespacedLease({ name, namespace: this.namespace, body });
  }

  async createEvent(body: CoreV1Event): Promise<void> {
    await this.core.createNamespacedEvent({ namespace: this.namespace, body });
  }

  async patchEvent(name: string, patch: PatchBody): Promise<void> {
    await this.core.patchNamespacedEvent({ name, namespace: this.namespace, body: patch }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
  }
}
