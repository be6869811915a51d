/**
 * The actuator's tests on the real control plane: a namespace with nodes of its own, the fault
 * proxy in front of the API server, and actuators that run as ServiceAccounts of that namespace
 * through the proxy (each replica its own account, so the proxy's log and the API server's audit
 * log tell them apart). The test looks at the cluster as the admin, the way kubectl would.
 */
import { AppsV1Api, CoordinationV1Api, CoreV1Api, type CoreV1Event, type V1Deployment, type V1Pod } from '@kubernetes/client-node';
import { ManualClock, type ActionPlan, type ActuatorStatus, type DeploymentSpec, type Logger } from '@infscale/core';
import { KubernetesActuator, type KubernetesActuatorDeps } from '../actuator';
import { parseKubeActuatorConfig, type KubeActuatorConfigInput } from '../config';
import { ClientNodeKubeApi } from '../kube-client';
import { AuditLog } from './audit-log';
import { testControlPlane, type TestControlPlane } from './control-plane';
import { FaultProxy } from './fault-proxy';
import { createTestNamespace, type PoolNodeOptions, type TestNamespace } from './namespace';
import { timingAnnotations, type PodTimingAnnotations } from './nodes';
import { createServiceAccount, serviceAccountKubeconfig, type ServiceAccountAccess } from './service-account';

export interface HarnessOptions {
  /** Namespace name prefix. */
  name?: string;
  /** `name` is the namespace's exact (already unique) name. */
  exactName?: boolean;
  /** The namespace's nodes (default one of 32 cores). */
  nodes?: PoolNodeOptions[];
  /** The kubelet stand-in's timing for the pods the actuator creates (template annotations). */
  timing?: PodTimingAnnotations;
}

/** The actuator config of the tests: fast polls, short waits, a template that names its stand-in timing. */
export function harnessConfig(namespace: string, timing: PodTimingAnnotations = {}): KubeActuatorConfigInput {
  return {
    scaler: 'infadapter',
    namespace,
    connection: { mode: 'kubeconfig' },
    template: {
      metadata: { annotations: timingAnnotations(timing) },
      spec: { containers: [{ name: 'server', image: 'tfserving:2.8', ports: [{ containerPort: 8501 }] }] },
    },
    images: { resnet18: 'registry.local/resnet18:1' },
    memory: '2Gi',
    leaderElection: { enabled: false },
    awaitReady: { timeoutMs: 30_000, pollMs: 100 },
    resize: { deferredTimeoutMs: 3_000, timeoutMs: 30_000, pollMs: 100 },
    retry: { baseDelayMs: 50 },
  };
}

/** Log lines kept for assertions. */
export function memoryLogger(): Logger & { lines: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, fields });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * Virtual time for an actuator's own waits against the real API server: its sleep advances the
 * clock at once (and records how long it asked for), so lease and back-off timing is exact while
 * every request is real. Several actuators may share one.
 */
export function virtualTime(startMs = 1_700_000_000_000): { clock: ManualClock; slept: number[]; deps: KubernetesActuatorDeps } {
  const clock = new ManualClock(startMs);
  const slept: number[] = [];
  const sleep = async (ms: number) => {
    slept.push(ms);
    clock.advance(ms);
  };
  return { clock, slept, deps: { clock, sleep, random: () => 0.5 } };
}

/** Submits the plan and waits for it; returns the actuator's status after. */
export async function runPlan(actuator: KubernetesActuator, plan: ActionPlan): Promise<ActuatorStatus> {
  await actuator.submit(plan);
  await actuator.whenIdle();
  return actuator.status();
}

/** The single-stage deployment the resize tests use ("sponge", 1 replica of 2 cores). */
export const spongeSpec = (over: Partial<DeploymentSpec> = {}): DeploymentSpec => ({
  name: 'sponge',
  variant: 'resnet18',
  stage: 'main',
  replicas: 1,
  cores: 2,
  batch: 1,
  ...over,
});

export interface ClusterHarness {
  cp: TestControlPlane;
  ns: TestNamespace;
  namespace: string;
  proxy: FaultProxy;
  audit: AuditLog;
  /** The admin's view, as kubectl. */
  core: CoreV1Api;
  apps: AppsV1Api;
  coordination: CoordinationV1Api;
  /** The admin through the actuator's own API seam (to create what a user would have created). */
  adminApi: ClientNodeKubeApi;
  /** The user (system:serviceaccount:<ns>:<identity>) an actuator of `identity` runs as. */
  userOf(identity: string): string;
  /** ServiceAccount `identity` of the namespace (namespace-wide Role), with a kubeconfig through the proxy. */
  account(identity: string): Promise<ServiceAccountAccess>;
  /** An actuator as ServiceAccount `identity` (default "actuator") through the proxy; real clock and sleep unless `deps` says otherwise. */
  actuator(
    overrides?: Partial<KubeActuatorConfigInput>,
    options?: { logger?: Logger; identity?: string; deps?: KubernetesActuatorDeps },
  ): Promise<KubernetesActuator>;
  /** Pods of the namespace not being deleted, by name, optionally of one deployment (name prefix). */
  pods(deployment?: string): Promise<V1Pod[]>;
  deployment(name: string): Promise<V1Deployment | undefined>;
  deployments(): Promise<V1Deployment[]>;
  events(): Promise<CoreV1Event[]>;
  close(): Promise<void>;
}

export async function startClusterHarness(options: HarnessOptions = {}): Promise<ClusterHarness> {
  const cp = await testControlPlane();
  const ns = await createTestNamespace(cp, options.name ?? 'kube', {
    ...(options.nodes ? { nodes: options.nodes } : {}),
    exactName: options.exactName ?? false,
  });
  const namespace = ns.name;
  const proxy = await new FaultProxy(cp.server, cp.caCert).start();
  const core = cp.kubeConfig.makeApiClient(CoreV1Api);
  const apps = cp.kubeConfig.makeApiClient(AppsV1Api);
  const access = new Map<string, Promise<ServiceAccountAccess>>();
  const accountOf = (identity: string) => {
    let found = access.get(identity);
    if (!found) {
      found = createServiceAccount(cp, namespace, identity).then(() => serviceAccountKubeconfig(cp, namespace, identity, { server: proxy.url }));
      access.set(identity, found);
    }
    return found;
  };
  const notDeleted = (p: V1Pod) => !p.metadata?.deletionTimestamp;
  return {
    cp,
    ns,
    namespace,
    proxy,
    audit: new AuditLog(cp.auditLog),
    core,
    apps,
    coordination: cp.kubeConfig.makeApiClient(CoordinationV1Api),
    adminApi: new ClientNodeKubeApi(cp.kubeConfig, namespace),
    userOf: (identity) => `system:serviceaccount:${namespace}:${identity}`,
    account: accountOf,
    actuator: async (overrides = {}, opts = {}) => {
      const account = await accountOf(opts.identity ?? 'actuator');
      const config = parseKubeActuatorConfig({ ...harnessConfig(namespace, options.timing), ...overrides });
      return new KubernetesActuator(config, { kubeConfig: account.kubeConfig, ...(opts.logger ? { logger: opts.logger } : {}), ...opts.deps });
    },
    pods: async (deployment) =>
      (await core.listNamespacedPod({ namespace })).items
        .filter(notDeleted)
        .filter((p) => deployment === undefined || (p.metadata?.name ?? '').startsWith(`${deployment}-`))
        .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '')),
    deployment: async (name) =>
      apps.readNamespacedDeployment({ name, namespace }).catch((err: { code?: number }) => (err.code === 404 ? undefined : Promise.reject(err))),
    deployments: async () => (await apps.listNamespacedDeployment({ namespace })).items,
    events: async () => (await core.listNamespacedEvent({ namespace })).items,
    close: async () => {
      await proxy.close();
      await ns.delete();
    },
  };
}
