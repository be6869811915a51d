/**
 * The whole path on 127.0.0.1: model-server emulators → DispatcherProxy → (loadgen) ; a REAL
 * Prometheus scraping them and the scaler process; packages/kube's fake API server. Every process
 * and server here is started by the stack and stopped by `stop()`, and nothing else.
 */
import { DispatcherProxy } from '@infscale/dataplane';
import { PrometheusSource } from '@infscale/metrics';
import { startEmulator, type RunningEmulator } from '@infscale/tool-emulator';
import { startPrometheus, type RunningPrometheus } from '../../../../packages/metrics/src/test-support';
import { startFakeCluster, type FakeCluster } from '../../../../packages/runtime/src/test-support/fake-cluster';
import { emulatorProfile, VARIANTS } from './infadapter-setup';
import { LateBoundSource } from './late-bound-source';

export const NS = 'serving';
/** Pod names as a Deployment's pods are named, so the catalogue's pod regex matches them. */
export const podOf = (deployment: string) => `${deployment}-5d9c7b8f4-abcde`;

export interface E2eStack {
  emulators: Record<string, RunningEmulator>;
  dispatcher: DispatcherProxy;
  dispatcherUrl: string;
  cluster: FakeCluster;
  source: LateBoundSource;
  prom?: RunningPrometheus;
  /** Starts Prometheus scraping the emulators, the dispatcher and the scaler's /metrics; binds the source. */
  startPrometheus(scalerMetricsUrl: string, prometheusConfig: ConstructorParameters<typeof PrometheusSource>[0]): Promise<RunningPrometheus>;
  stop(): Promise<void>;
}

/** The cluster starts as the paper's InfAdapter does: the most accurate variant only. */
export async function startStack(): Promise<E2eStack> {
  const emulators: Record<string, RunningEmulator> = {};
  for (const v of VARIANTS) {
    emulators[v] = await startEmulator({ variant: v, profile: emulatorProfile(v), initial: { cores: 6, batch: 1, workers: 6 } });
  }
  const dispatcher = new DispatcherProxy({ variantUrls: Object.fromEntries(VARIANTS.map((v) => [v, emulators[v].url])), quotas: { resnet152: 1 } });
  const dispatcherUrl = await dispatcher.listen();
  const cluster = await startFakeCluster(NS, 'infadapter', [{ name: 'resnet152', variant: 'resnet152', stage: 'main', replicas: 1, cores: 2, batch: 1 }]);
  const source = new LateBoundSource();
  const stack: E2eStack = {
    emulators,
    dispatcher,
    dispatcherUrl,
    cluster,
    source,
    async startPrometheus(scalerMetricsUrl, prometheusConfig) {
      stack.prom = await startPrometheus({
        targets: [
          ...VARIANTS.map((v) => ({ url: `${emulators[v].url}/metrics`, labels: { namespace: NS, pod: podOf(v) }, job: `model-${v}` })),
          { url: `${dispatcherUrl}/metrics`, labels: { namespace: NS, pod: podOf('dispatcher') }, job: 'dispatcher' },
          { url: scalerMetricsUrl, labels: { namespace: NS, pod: podOf('infscale-infadapter') }, job: 'scaler' },
        ],
      });
      source.bind(new PrometheusSource({ ...prometheusConfig, serverAddress: stack.prom.url }));
      return stack.prom;
    },
    async stop() {
      await stack.prom?.stop();
      await dispatcher.close();
      await Promise.all(Object.values(emulators).map((e) => e.close()));
      await cluster.close();
    },
  };
  return stack;
}
