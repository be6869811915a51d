/**
 * Sponge's data plane on 127.0.0.1: one model-server emulator (the ResNet18 fit of the Sponge paper)
 * behind its TF-Serving front and the EDF proxy, as one pod; stand-ins for what the kubelet and
 * kube-state-metrics would export; a namespace of the real test control plane holding the user's deployment.
 * Every server here is started by the stack and stopped by `stop()`, and nothing else.
 */
import { EdfProxy } from '@infscale/dataplane';
import { postJson } from '@infscale/kube';
import type { AfterPlan } from '@infscale/runtime';
import { modelServerConfigCall } from '@infscale/scalers';
import { RESNET18_SPONGE_FIT, startEmulator, type RunningEmulator } from '@infscale/emulator';
import { existingDeployment } from '@infscale/kube/testing';
import { startSyntheticKubeStateMetrics, type ScrapeTarget, type SyntheticPod } from '@infscale/metrics/testing';
import { startTestCluster, uniqueName, type TestCluster } from '@infscale/kube/testing';
import { startCadvisorStandIn, type CadvisorStandIn } from './cadvisor-stand-in';
import { podOf, podTarget } from './scaler-with-prometheus';
import { startTfServingFront, type TfServingFront } from './tf-serving-front';

export const SPONGE_NS = uniqueName('mobile');
export const SPONGE_TARGET = 'resnet18';
export const SPONGE_CONTAINER = 'model';
export const LATENCY_MODEL = { gamma: 18.29, delta: 4.488, epsilon: 45.47, eta: 1.046 };

export interface SpongeStack {
  edfUrl: string;
  proxy: EdfProxy;
  emulator: RunningEmulator;
  cluster: TestCluster;
  targets: ScrapeTarget[];
  /**
   * apps/sponge's model-server hook, rebuilt from its parts (nothing imports an app): after a plan
   * that changed the pod, POST {cores, batchSize} of what the container actually got to the admin
   * ports of the EDF proxy and of the emulator, the same call to each.
   */
  afterPlan: AfterPlan;
  stop(): Promise<void>;
}

export async function startSpongeStack(sloMs: number): Promise<SpongeStack> {
  const emulator = await startEmulator({ variant: SPONGE_TARGET, profile: RESNET18_SPONGE_FIT, initial: { cores: 1, batch: 1, workers: 1 } });
  const closers: Array<{ close(): Promise<void> }> = [emulator];
  const front: TfServingFront = await startTfServingFront(emulator.url);
  closers.push(front);
  // Drop policy: a request that cannot make its deadline is answered 504 at once (dropped counter).
  const proxy = new EdfProxy({
    upstreamUrl: front.url,
    batchSize: 1,
    serviceTime: { model: LATENCY_MODEL, cores: 1 },
    defaultSloMs: sloMs,
    latePolicy: 'drop',
  });
  const edfUrl = await proxy.listen();
  const edfAdminUrl = await proxy.listenAdmin();
  closers.push(proxy);
  const cadvisor: CadvisorStandIn = await startCadvisorStandIn(SPONGE_CONTAINER, () => emulator.queue.config.cores);
  const ksm: SyntheticPod = await startSyntheticKubeStateMetrics({ [SPONGE_TARGET]: 1 });
  closers.push(cadvisor, ksm);
  const cluster = await startTestCluster({ namespace: SPONGE_NS, scaler: 'sponge', deployments: [] });
  await cluster.api.createDeployment(existingDeployment(SPONGE_TARGET, SPONGE_NS, { container: SPONGE_CONTAINER }));
  const pod = podOf(SPONGE_TARGET);
  return {
    edfUrl,
    proxy,
    emulator,
    cluster,
    // The EDF proxy is the model server's sidecar: both are the target deployment's pod.
    targets: [
      podTarget(`${emulator.url}/metrics`, SPONGE_NS, pod, 'model'),
      podTarget(`${edfUrl}/metrics`, SPONGE_NS, pod, 'edf'),
      podTarget(cadvisor.url, SPONGE_NS, pod, 'cadvisor'),
      { url: ksm.url, labels: { namespace: SPONGE_NS }, job: 'kube-state-metrics' },
    ],
    afterPlan: async ({ plan, cluster: state }) => {
      if (!plan.actions.some((a) => a.type === 'resize' || a.type === 'set-batch')) return;
      const deployment = state.deployments.find((d) => d.name === SPONGE_TARGET);
      const call = deployment && modelServerConfigCall(deployment);
      if (!call) return;
      for (const adminUrl of [edfAdminUrl, emulator.adminUrl]) await postJson(`${adminUrl}${call.path}`, call.body, 2_000, 'model server hook');
    },
    async stop() {
      await cluster.close();
      for (const c of closers.reverse()) await c.close();
    },
  };
}
