/**
 * InfAdapter's data plane on 127.0.0.1: two model-server emulators behind the DispatcherProxy, and
 * a namespace of the real test control plane holding the variant deployments. Every server here is started by
 * the stack and stopped by `stop()`, and nothing else.
 */
import { DispatcherProxy } from '@infscale/dataplane';
import type { ScrapeTarget } from '@infscale/metrics/testing';
import { startTestCluster, uniqueName, type TestCluster } from '@infscale/kube/testing';
import { startEmulator, type RunningEmulator } from '@infscale/emulator';
import { emulatorProfile, VARIANTS } from './infadapter-setup';
import { podOf, podTarget } from './scaler-with-prometheus';

export const NS = uniqueName('serving');

export interface InfAdapterStack {
  emulators: Record<string, RunningEmulator>;
  dispatcher: DispatcherProxy;
  dispatcherUrl: string;
  /** The dispatcher's admin port: where the scaler POSTs its quotas. */
  dispatcherAdminUrl: string;
  cluster: TestCluster;
  /** What Prometheus scrapes besides the scaler: each emulator as its variant's pod, the dispatcher. */
  targets: ScrapeTarget[];
  stop(): Promise<void>;
}

/** The cluster starts as the paper's InfAdapter does: the most accurate variant only. */
export async function startInfAdapterStack(): Promise<InfAdapterStack> {
  const emulators: Record<string, RunningEmulator> = {};
  for (const v of VARIANTS) {
    emulators[v] = await startEmulator({ variant: v, profile: emulatorProfile(v), initial: { cores: 6, batch: 1, workers: 6 } });
  }
  const dispatcher = new DispatcherProxy({ variantUrls: Object.fromEntries(VARIANTS.map((v) => [v, emulators[v].url])), quotas: { resnet152: 1 } });
  const dispatcherUrl = await dispatcher.listen();
  const dispatcherAdminUrl = await dispatcher.listenAdmin();
  const cluster = await startTestCluster({
    namespace: NS,
    scaler: 'infadapter',
    deployments: [{ name: 'resnet152', variant: 'resnet152', stage: 'main', replicas: 1, cores: 2, batch: 1 }],
  });
  return {
    emulators,
    dispatcher,
    dispatcherUrl,
    dispatcherAdminUrl,
    cluster,
    targets: [
      ...VARIANTS.map((v) => podTarget(`${emulators[v].url}/metrics`, NS, podOf(v), `model-${v}`)),
      podTarget(`${dispatcherUrl}/metrics`, NS, podOf('dispatcher'), 'dispatcher'),
    ],
    async stop() {
      await dispatcher.close();
      await Promise.all(Object.values(emulators).map((e) => e.close()));
      await cluster.close();
    },
  };
}
