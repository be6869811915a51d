/**
 * packages/kube's fake API server on 127.0.0.1 (real time), a kubeconfig FILE pointing at it — the
 * way a scaler process is configured outside a cluster — and deployments owned by one scaler.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeploymentSpec } from '@infscale/core';
import { buildDeployment, ClientNodeKubeApi, parseKubeActuatorConfig } from '@infscale/kube';
import { FakeApiServer } from '../../../kube/src/test-support';

export const TEMPLATE = { spec: { containers: [{ name: 'server', image: 'infscale/emulator:test' }] } };

export interface FakeCluster {
  server: FakeApiServer;
  /** Path of the kubeconfig file for `kubernetes.connection: {mode: kubeconfig, path}`. */
  kubeconfigPath: string;
  dir: string;
  /** The client a test uses to look at the cluster, as kubectl would. */
  api: ClientNodeKubeApi;
  replicasOf(name: string): Promise<number | undefined>;
  leaseHolder(name: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export async function startFakeCluster(namespace: string, scaler: string, deployments: DeploymentSpec[], readyDelayMs = 100): Promise<FakeCluster> {
  const server = await new FakeApiServer({ readyDelayMs }).start();
  const dir = mkdtempSync(join(tmpdir(), 'infscale-runtime-kube-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const kubeConfig = server.kubeConfig(namespace);
  writeFileSync(kubeconfigPath, kubeConfig.exportConfig());
  const api = new ClientNodeKubeApi(kubeConfig, namespace);
  const config = parseKubeActuatorConfig({ scaler, namespace, template: TEMPLATE });
  for (const spec of deployments) await api.createDeployment(buildDeployment(spec, config));
  return {
    server,
    kubeconfigPath,
    dir,
    api,
    replicasOf: async (name) => (await api.readDeployment(name)).spec?.replicas,
    leaseHolder: async (name) => (await api.readLease(name)).spec?.holderIdentity,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 50 ms until it holds or `timeoutMs` passes (then throws with `what`). */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
