/**
 * A scaler's cluster for the apps' and the dashboards' end-to-end tests: a namespace of the test
 * control plane with a node of its own, deployments the scaler owns already running, and a
 * kubeconfig FILE that authenticates as the namespace's `scaler` ServiceAccount through the fault
 * proxy — the way a scaler process is configured outside a cluster.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CoreV1Event, KubeConfig, V1ConfigMap, V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { DeploymentSpec } from '@infscale/core';
import { parseKubeActuatorConfig } from '../config';
import { buildDeployment } from '../deployment-mapping';
import type { ClientNodeKubeApi } from '../kube-client';
import { startClusterHarness, type ClusterHarness } from './cluster-harness';
import type { FaultProxy } from './fault-proxy';
import type { PoolNodeOptions } from './namespace';
import { timingAnnotations, type PodTimingAnnotations } from './nodes';

/** The pod template of the deployments the tests' scalers create. */
export const TEMPLATE = { spec: { containers: [{ name: 'server', image: 'infscale/emulator:test' }] } };

export interface TestCluster {
  harness: ClusterHarness;
  namespace: string;
  proxy: FaultProxy;
  /** Path of the kubeconfig file for `kubernetes.connection: {mode: kubeconfig, path}`: the `scaler` ServiceAccount through the proxy. */
  kubeconfigPath: string;
  /** The same identity, loaded. */
  kubeConfig: KubeConfig;
  /** The user the scaler's requests carry (proxy log, audit log). */
  user: string;
  /** A temporary directory for the test's files, removed on close. */
  dir: string;
  /** The admin's client, as kubectl would look at the cluster. */
  api: ClientNodeKubeApi;
  replicasOf(name: string): Promise<number | undefined>;
  leaseHolder(name: string): Promise<string | undefined>;
  deployments(): Promise<V1Deployment[]>;
  pods(deployment?: string): Promise<V1Pod[]>;
  events(): Promise<CoreV1Event[]>;
  configMap(name: string): Promise<V1ConfigMap | undefined>;
  close(): Promise<void>;
}

export interface TestClusterOptions {
  /** The namespace's exact name: make it unique with uniqueName() (tests name it while Jest collects them). */
  namespace: string;
  /** The app's name: the ownership label of `deployments`. */
  scaler: string;
  /** Deployments the scaler owns at the start, from TEMPLATE; pods through the real controllers. */
  deployments?: DeploymentSpec[];
  timing?: PodTimingAnnotations;
  nodes?: PoolNodeOptions[];
}

export async function startTestCluster(options: TestClusterOptions): Promise<TestCluster> {
  const harness = await startClusterHarness({
    name: options.namespace,
    exactName: true,
    ...(options.nodes ? { nodes: options.nodes } : {}),
    ...(options.timing ? { timing: options.timing } : {}),
  });
  const { namespace } = harness;
  const account = await harness.account('scaler');
  const template = { ...TEMPLATE, metadata: { annotations: timingAnnotations(options.timing ?? {}) } };
  const config = parseKubeActuatorConfig({ scaler: options.scaler, namespace, template });
  for (const spec of options.deployments ?? []) await harness.adminApi.createDeployment(buildDeployment(spec, config));
  const dir = mkdtempSync(join(tmpdir(), 'infscale-cluster-'));
  const ignoreNotFound = (err: { code?: number }) => (err.code === 404 ? undefined : Promise.reject(err));
  return {
    harness,
    namespace,
    proxy: harness.proxy,
    kubeconfigPath: account.kubeconfigPath,
    kubeConfig: account.kubeConfig,
    user: account.username,
    dir,
    api: harness.adminApi,
    replicasOf: async (name) => (await harness.deployment(name))?.spec?.replicas,
    leaseHolder: async (name) => (await harness.coordination.readNamespacedLease({ name, namespace }).catch(ignoreNotFound))?.spec?.holderIdentity ?? undefined,
    deployments: () => harness.deployments(),
    pods: (deployment) => harness.pods(deployment),
    events: () => harness.events(),
    configMap: (name) => harness.core.readNamespacedConfigMap({ name, namespace }).catch(ignoreNotFound),
    close: async () => {
      await harness.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
