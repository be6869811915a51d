/**
 * End to end, real over mock, on 127.0.0.1: loadgen (open loop) → DispatcherProxy → two model-server
 * emulators (ResNet18 / ResNet152 with the paper's profiled capacities); a REAL Prometheus scraping
 * them and the InfAdapter scaler process (runScalerProcess: PrometheusSource in, KubernetesActuator
 * out to a namespace of the real test control plane, quotas POSTed to the dispatcher's /admin/quotas).
 * A load step low → high → low must be seen through PromQL and decided as the pure scaler and the
 * exhaustive oracle decide from the same inputs; then every dashboard query runs on that Prometheus.
 */
import type { DecisionRecord } from '@infscale/core';
import { buildProblem, createInfAdapterScaler, infAdapterForecaster, parseInfAdapterConfig, type InfAdapterState } from '@infscale/scalers';
import { enumerateInfAdapter } from '@infscale/solver';
import { runLoad, type LoadResult } from '@infscale/profiler';
import type { RunningPrometheus } from '@infscale/metrics/testing';
import { eventually } from '@infscale/kube/testing';
import { httpGet } from '@infscale/runtime/testing';
import { describeDashboardData, variableValues } from './test-support/dashboard-data';
import { infAdapterTestConfig } from './test-support/infadapter-setup';
import { NS, startInfAdapterStack, type InfAdapterStack } from './test-support/infadapter-stack';
import { createProcessConfig } from './test-support/process-config';
import { recordingScaler, type RecordedCall } from './test-support/recording-scaler';
import { startScalerUnderPrometheus, type ScalerUnderPrometheus } from './test-support/scaler-with-prometheus';

jest.setTimeout(110_000);

const LOW_RPS = 3;
const HIGH_RPS = 30;
// Seconds of each phase: the high step is long enough for rate(5s) + a 6 s history + a tick; the
// last low phase for the forecast to fall and two stabilization decisions to pass.
const COUNTS = [...Array(8).fill(LOW_RPS), ...Array(16).fill(HIGH_RPS), ...Array(24).fill(LOW_RPS)];

let stack: InfAdapterStack;
let observed: ScalerUnderPrometheus;
let prom: RunningPrometheus;
let calls: RecordedCall<InfAdapterState>[];
const records: DecisionRecord[] = [];
const scalerSection = infAdapterTestConfig();
const config = parseInfAdapterConfig(scalerSection);

beforeAll(async () => {
  stack = await startInfAdapterStack();
  const processConfig = createProcessConfig({
    name: 'infadapter',
    namespace: NS,
    scaler: scalerSection,
    kubeconfigPath: stack.cluster.kubeconfigPath,
    kubernetes: { routing: { configMap: false, adminUrls: { main: stack.dispatcherAdminUrl } } },
  });
  const recorded = recordingScaler(createInfAdapterScaler(processConfig.scaler));
  calls = recorded.calls;
  observed = await startScalerUnderPrometheus(
    { name: 'infadapter', scaler: recorded.scaler, forecaster: infAdapterForecaster(config), config: processConfig, onRecord: (r) => records.push(r) },
    stack.targets,
  );
  prom = observed.prom;
});

afterAll(async () => {
  await observed?.stop();
  await stack?.stop();
});

const variantsOf = (call: RecordedCall<InfAdapterState>) =>
  call.output.decision.kind === 'apply' ? call.output.decision.desired.deployments.map((d) => d.name).sort() : [];
const detail = (call: RecordedCall<InfAdapterState>, key: string) =>
  call.output.decision.kind === 'apply' ? Number(call.output.decision.details?.[key]) : NaN;

describe('InfAdapter on a real Prometheus, a load step low → high → low', () => {
  let load: LoadResult;

  beforeAll(async () => {
    load = await runLoad({ url: `${stack.dispatcherUrl}/predict`, countsPerSecond: COUNTS, seed: 3, requestTimeoutMs: 10_000 });
  });

  it('served the load through the dispatcher', () => {
    expect(load.sent).toBeGreaterThan(500);
    expect(load.failed).toBeLessThanOrEqual(load.sent * 0.01);
  });

  it('saw the step through PromQL: the observed and predicted load it exported rose to the high rate', async () => {
    const [observed] = await prom.waitFor(`max_over_time(infscale_infadapter_observed_load_rps{namespace="${NS}"}[2m])`, (v) => v.length === 1);
    const [predicted] = await prom.waitFor(`max_over_time(infscale_infadapter_predicted_load_rps{namespace="${NS}"}[2m])`, (v) => v.length === 1);
    expect(observed).toBeGreaterThan(HIGH_RPS * 0.7);
    expect(observed).toBeLessThan(HIGH_RPS * 1.3);
    expect(predicted).toBeGreaterThanOrEqual(observed);
    // And the arrivals the scaler was handed came from that Prometheus, not from the load generator.
    const peak = Math.max(...calls.flatMap((c) => c.input.observation.arrivalsPerSecond));
    expect(peak).toBeGreaterThan(HIGH_RPS * 0.7);
  });

  it('at the high step added the lighter variant, as the pure scaler and the exhaustive oracle decide from the same inputs', () => {
    const up = calls.find((c) => variantsOf(c).includes('resnet18'));
    expect(up).toBeDefined();
    if (!up?.input.forecast) throw new Error('the high-step decision had no forecast');
    // The same scaler, fresh, from the inputs and state the process's scaler was called with.
    expect(createInfAdapterScaler(scalerSection).decide(up.input, up.state)).toEqual(up.output);
    // The exhaustive oracle on the problem those inputs define reaches the same objective.
    const lambda = Math.ceil(up.input.forecast.peakRps - 1e-9);
    const oracle = enumerateInfAdapter(buildProblem(config, up.input.cluster, lambda));
    expect(detail(up, 'objective')).toBeCloseTo(oracle!.objective, 9);
    expect(detail(up, 'predictedLoadRps')).toBe(lambda);
    // It was the step that forced it: more than ResNet152 alone can serve within the budget.
    const resnet152 = config.variants.find((v) => v.name === 'resnet152')!;
    expect(lambda).toBeGreaterThan(Math.max(...resnet152.capacityRps.map((c) => c ?? 0)));
  });

  it('came back down after stabilization: less capacity, the accurate variant alone again, the cluster and the dispatcher following', async () => {
    const upIndex = calls.findIndex((c) => variantsOf(c).includes('resnet18'));
    const down = calls.slice(upIndex + 1).find((c) => c.output.decision.kind === 'apply' && !variantsOf(c).includes('resnet18'));
    expect(down).toBeDefined();
    // InfAdapter trades accuracy for capacity: at high load a lighter variant, after it the accurate one.
    expect(variantsOf(down!)).toEqual(['resnet152']);
    expect(detail(down!, 'capacityRps')).toBeLessThan(detail(calls[upIndex], 'capacityRps'));
    expect(detail(down!, 'expectedAccuracy')).toBeGreaterThan(detail(calls[upIndex], 'expectedAccuracy'));
    expect(createInfAdapterScaler(scalerSection).decide(down!.input, down!.state)).toEqual(down!.output);
    // Holds before it: the downscale waited for its stabilization decisions.
    expect(
      calls.slice(upIndex + 1, calls.indexOf(down!)).some((c) => /stabiliz|wait/i.test(c.output.decision.kind === 'hold' ? c.output.decision.reason : '')),
    ).toBe(true);
    await eventually('resnet18 removed from the cluster', async () => (await stack.cluster.replicasOf('resnet18').catch(() => undefined)) === undefined);
    const { weights } = JSON.parse((await httpGet(`${stack.dispatcherAdminUrl}/admin/quotas`)).body) as { weights: Record<string, number> };
    expect(Object.keys(weights).filter((v) => weights[v] > 0)).toEqual(['resnet152']);
    expect(records.some((r) => r.decision.kind === 'apply')).toBe(true);
  });
});

// Last: the queries read what the load step above left in Prometheus.
describeDashboardData('infscale-overview', () => prom, variableValues(NS));
describeDashboardData('infscale-infadapter', () => prom, variableValues(NS, '0.75'));
