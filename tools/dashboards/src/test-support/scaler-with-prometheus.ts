/**
 * A scaler process (runScalerProcess: PrometheusSource in, KubernetesActuator out) with a REAL
 * Prometheus scraping it and the test's data plane. The process must serve /metrics before
 * Prometheus starts (the harness waits for every target to be up), so its source binds late.
 */
import { PrometheusSource } from '@infscale/metrics';
import { runScalerProcess, type RunningScaler, type RunScalerProcessOptions } from '@infscale/runtime';
import { startPrometheus, type RunningPrometheus, type ScrapeTarget } from '@infscale/metrics/testing';
import { memoryJsonLogger } from '@infscale/runtime/testing';
import { LateBoundSource } from './late-bound-source';

/** Pod names as a Deployment's pods are named, so the catalogue's pod regex matches them. */
export const podOf = (deployment: string) => `${deployment}-5d9c7b8f4-abcde`;

/** A scrape target as Kubernetes service discovery would label it: namespace and pod. */
export function podTarget(url: string, namespace: string, pod: string, job: string): ScrapeTarget {
  return { url, labels: { namespace, pod }, job };
}

export interface ScalerUnderPrometheus {
  scaler: RunningScaler;
  prom: RunningPrometheus;
  /** Stops the scaler, then Prometheus: only what this started. */
  stop(): Promise<void>;
}

export type ScalerProcessSpec<State> = Omit<RunScalerProcessOptions<State>, 'deps' | 'signals'>;

/** Starts the scaler process, then Prometheus scraping `targets` and the scaler, then binds the source. */
export async function startScalerUnderPrometheus<State>(spec: ScalerProcessSpec<State>, targets: ScrapeTarget[]): Promise<ScalerUnderPrometheus> {
  const source = new LateBoundSource();
  const { namespace } = spec.config.prometheus;
  const scaler = await runScalerProcess({
    ...spec,
    signals: false,
    // Decision lines stay in memory: the records (onRecord) carry what assertions need.
    deps: { metricsSource: source, logger: memoryJsonLogger('info').logger },
  });
  let prom: RunningPrometheus;
  try {
    prom = await startPrometheus({ targets: [...targets, podTarget(`${scaler.url}/metrics`, namespace, podOf(`infscale-${spec.name}`), 'scaler')] });
  } catch (err) {
    await scaler.stop('prometheus did not start');
    throw err;
  }
  source.bind(new PrometheusSource({ ...spec.config.prometheus, serverAddress: prom.url }));
  return {
    scaler,
    prom,
    stop: async () => {
      await scaler.stop('test done');
      await prom.stop();
    },
  };
}
