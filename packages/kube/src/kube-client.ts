import {
  AppsV1Api,
  CoordinationV1Api,
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type ConfigurationOptions,
  type CoreV1Event,
  type KubeConfig,
  type V1ConfigMap,
  type V1Deployment,
  type V1Lease,
  type V1Pod,
} from '@kubernetes/client-node';
import { withRequestTimeout, withSignal } from './request-timeout';

/** What a delete insists on: the object it read (uid) at the version it read (resourceVersion). */
export interface DeletePreconditions {
  uid?: string;
  resourceVersion?: string;
}

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
  deleteDeployment(name: string, preconditions?: DeletePreconditions): Promise<void>;
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

const merge = (type: PatchType) => setHeaderOptions('Content-Type', CONTENT_TYPE[type]);

/**
 * The KubeApi over @kubernetes/client-node's generated clients. Every call has a deadline
 * (`requestTimeoutMs`, the config's kubernetes.requestTimeout): past it the request is aborted and
 * the call fails like a network error, so a server that accepts and never answers cannot hold the
 * loop, a plan or the lease.
 */
export class ClientNodeKubeApi implements KubeApi {
  private readonly apps: AppsV1Api;
  private readonly core: CoreV1Api;
  private readonly coordination: CoordinationV1Api;

  constructor(
    kubeConfig: KubeConfig,
    readonly namespace: string,
    readonly requestTimeoutMs = 5_000,
  ) {
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.coordination = kubeConfig.makeApiClient(CoordinationV1Api);
  }

  /** One call, aborted after requestTimeoutMs; `options` are the call's own (e.g. its patch content type). */
  private call<T>(what: string, run: (options: ConfigurationOptions) => Promise<T>, options?: ConfigurationOptions): Promise<T> {
    return withRequestTimeout(`${what} in ${this.namespace}`, this.requestTimeoutMs, (signal) => run(withSignal(signal, options)));
  }

  async listDeployments(labelSelector: string): Promise<V1Deployment[]> {
    return (await this.call('list deployments', (o) => this.apps.listNamespacedDeployment({ namespace: this.namespace, labelSelector }, o))).items;
  }

  readDeployment(name: string): Promise<V1Deployment> {
    return this.call(`read deployment ${name}`, (o) => this.apps.readNamespacedDeployment({ name, namespace: this.namespace }, o));
  }

  createDeployment(body: V1Deployment): Promise<V1Deployment> {
    return this.call(`create deployment ${body.metadata?.name ?? ''}`, (o) => this.apps.createNamespacedDeployment({ namespace: this.namespace, body }, o));
  }

  patchDeployment(name: string, patch: PatchBody, type: PatchType): Promise<V1Deployment> {
    return this.call(`patch deployment ${name}`, (o) => this.apps.patchNamespacedDeployment({ name, namespace: this.namespace, body: patch }, o), merge(type));
  }

  /** With preconditions, the server deletes only that object (uid) as we last read it (resourceVersion), else 409. */
  async deleteDeployment(name: string, preconditions?: DeletePreconditions): Promise<void> {
    const body = preconditions ? { preconditions } : undefined;
    await this.call(`delete deployment ${name}`, (o) =>
      this.apps.deleteNamespacedDeployment({ name, namespace: this.namespace, ...(body ? { body } : {}) }, o),
    );
  }

  /** Through the scale subresource, as HPA does: touches nothing but spec.replicas. */
  async scaleDeployment(name: string, replicas: number): Promise<void> {
    await this.call(
      `scale deployment ${name}`,
      (o) => this.apps.patchNamespacedDeploymentScale({ name, namespace: this.namespace, body: { spec: { replicas } } }, o),
      merge('merge'),
    );
  }

  async listPods(labelSelector: string): Promise<V1Pod[]> {
    return (await this.call('list pods', (o) => this.core.listNamespacedPod({ namespace: this.namespace, labelSelector }, o))).items;
  }

  readPod(name: string): Promise<V1Pod> {
    return this.call(`read pod ${name}`, (o) => this.core.readNamespacedPod({ name, namespace: this.namespace }, o));
  }

  /** The pods/resize subresource (Kubernetes ≥ 1.33): strategic merge keyed by container name. */
  resizePod(name: string, patch: PatchBody): Promise<V1Pod> {
    return this.call(`resize pod ${name}`, (o) => this.core.patchNamespacedPodResize({ name, namespace: this.namespace, body: patch }, o), merge('strategic'));
  }

  /** The status subresource, as controllers that own a readiness gate write their condition. */
  patchPodStatus(name: string, patch: PatchBody): Promise<V1Pod> {
    return this.call(
      `patch status of pod ${name}`,
      (o) => this.core.patchNamespacedPodStatus({ name, namespace: this.namespace, body: patch }, o),
      merge('strategic'),
    );
  }

  readConfigMap(name: string): Promise<V1ConfigMap> {
    return this.call(`read configmap ${name}`, (o) => this.core.readNamespacedConfigMap({ name, namespace: this.namespace }, o));
  }

  createConfigMap(body: V1ConfigMap): Promise<V1ConfigMap> {
    return this.call(`create configmap ${body.metadata?.name ?? ''}`, (o) => this.core.createNamespacedConfigMap({ namespace: this.namespace, body }, o));
  }

  patchConfigMap(name: string, patch: PatchBody): Promise<V1ConfigMap> {
    return this.call(`patch configmap ${name}`, (o) => this.core.patchNamespacedConfigMap({ name, namespace: this.namespace, body: patch }, o), merge('merge'));
  }

  readLease(name: string): Promise<V1Lease> {
    return this.call(`read lease ${name}`, (o) => this.coordination.readNamespacedLease({ name, namespace: this.namespace }, o));
  }

  createLease(body: V1Lease): Promise<V1Lease> {
    return this.call(`create lease ${body.metadata?.name ?? ''}`, (o) => this.coordination.createNamespacedLease({ namespace: this.namespace, body }, o));
  }

  replaceLease(name: string, body: V1Lease): Promise<V1Lease> {
    return this.call(`replace lease ${name}`, (o) => this.coordination.replaceNamespacedLease({ name, namespace: this.namespace, body }, o));
  }

  async createEvent(body: CoreV1Event): Promise<void> {
    await this.call('create event', (o) => this.core.createNamespacedEvent({ namespace: this.namespace, body }, o));
  }

  async patchEvent(name: string, patch: PatchBody): Promise<void> {
    await this.call(`patch event ${name}`, (o) => this.core.patchNamespacedEvent({ name, namespace: this.namespace, body: patch }, o), merge('strategic'));
  }
}
