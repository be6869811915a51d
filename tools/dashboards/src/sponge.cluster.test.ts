/**
 * Sponge end to end, real over mock, on 127.0.0.1: requests carrying their SLO and sent-at headers
 * (varied remaining budgets, some already hopeless) → the EDF proxy → a model-server emulator; a
 * REAL Prometheus scraping them and the Sponge scaler process (runScalerProcess: PrometheusSource
 * in, KubernetesActuator out to a namespace of the real test control plane, pods/resize in place) with its
 * model-server hook. The scaler must resize the pod and tell the proxy and server; hopeless requests
 * must be dropped; then every Sponge-dashboard panel query must return data from that Prometheus.
 */
import type { DecisionRecord } from '@infscale/core';
import { LastMaxForecaster } from '@infscale/forecasting';
import { createSpongeScaler } from '@infscale/scalers';
import type { RunningPrometheus } from '@infscale/metrics/testing';
import { eventually } from '@infscale/kube/testing';
import { runBudgetLoad, type BudgetLoadResult } from './test-support/budget-load';
import { describeDashboardData, variableValues } from './test-support/dashboard-data';
import { expectDecisionValuesExported } from './test-support/decision-values';
import { createProcessConfig } from './test-support/process-config';
import { startScalerUnderPrometheus, type ScalerUnderPrometheus } from './test-support/scaler-with-prometheus';
import { LATENCY_MODEL, SPONGE_CONTAINER, SPONGE_NS, SPONGE_TARGET, startSpongeStack, type SpongeStack } from './test-support/sponge-stack';

jest.setTimeout(90_000);

const SLO_MS = 1000;
// One pod, resized in place; the paper's 1 s interval and 5 s load window.
const SCALER = {
  targetRef: { name: SPONGE_TARGET },
  containerName: SPONGE_CONTAINER,
  interval: '1s',
  slo: { latencyMs: SLO_MS },
  resourcePolicy: { minCores: 1, maxCores: 8 },
  maxBatch: 16,
  replicas: { max: 1 },
  latencyModel: LATENCY_MODEL,
};
// 20 req/s needs more than the pod's one core (~69 ms per request); bounded: 20 s, 400 requests.
const COUNTS = Array(20).fill(20);
// Network delays: remaining budgets 1000 … 200 ms, and one in six already past its deadline.
const DELAYS_MS = [0, 200, 400, 600, 800, 1200];

let stack: SpongeStack;
let observed: ScalerUnderPrometheus;
let prom: RunningPrometheus;
const records: DecisionRecord[] = [];
let load: BudgetLoadResult;

beforeAll(async () => {
  stack = await startSpongeStack(SLO_MS);
  const config = createProcessConfig({
    name: 'sponge',
    namespace: SPONGE_NS,
    scaler: SCALER,
    kubeconfigPath: stack.cluster.kubeconfigPath,
    kubernetes: { targets: [SPONGE_TARGET], container: SPONGE_CONTAINER, batchEnv: false },
  });
  const scaler = createSpongeScaler(config.scaler);
  // apps/sponge's forecaster: the busiest second of the load window, for the next second.
  const forecaster = new LastMaxForecaster({ windowSeconds: 5, horizonSeconds: 1 });
  observed = await startScalerUnderPrometheus(
    { name: 'sponge', scaler, forecaster, afterPlan: stack.afterPlan, config, onRecord: (r) => records.push(r) },
    stack.targets,
  );
  prom = observed.prom;
  load = await runBudgetLoad({ url: `${stack.edfUrl}/predict`, countsPerSecond: COUNTS, sloMs: SLO_MS, delaysMs: DELAYS_MS });
  // Everything the load left must be scraped before the checks read it.
  await prom.waitFor(`sum(infscale_edf_requests_total{namespace="${SPONGE_NS}"})`, (v) => v[0] >= load.sent, 10_000);
});

afterAll(async () => {
  await observed?.stop();
  await stack?.stop();
});

const resizes = () => records.filter((r) => r.plan?.actions.some((a) => a.type === 'resize'));

describe('Sponge on a real Prometheus, requests with varied remaining budgets', () => {
  it('answered the requests with a budget, and dropped the hopeless ones at once', async () => {
    expect(load.sent).toBe(COUNTS.reduce((a, b) => a + b, 0));
    expect(load.byStatus[200]).toBeGreaterThan(load.sent * 0.5);
    expect(load.byStatus[504]).toBeGreaterThanOrEqual(Math.floor(load.sent / DELAYS_MS.length));
    const [dropped] = await prom.query(`sum(infscale_edf_dropped_total{namespace="${SPONGE_NS}"})`);
    expect(dropped?.value).toBeGreaterThan(0);
  });

  it('resized the pod in place and told the EDF proxy and the model server its cores', async () => {
    const last = resizes().at(-1);
    const action = last?.plan?.actions.find((a) => a.type === 'resize');
    if (action?.type !== 'resize')
      throw new Error(`no resize in ${records.length} ticks: ${records.map((r) => (r.decision.kind === 'hold' ? r.decision.reason : 'apply')).join(' | ')}`);
    expect(action).toMatchObject({ name: SPONGE_TARGET, mode: 'in-place' });
    expect(resizes().some((r) => r.plan?.actions.some((a) => a.type === 'resize' && a.cores > 1))).toBe(true);
    // The hook follows the cores the container got, once the last plan has finished.
    await eventually('the model server runs with the decided cores', async () => stack.emulator.queue.config.cores === action.cores);
    await eventually(
      'the server reports them to Prometheus',
      async () => (await prom.query(`sum(infscale_model_cores{namespace="${SPONGE_NS}"})`))[0]?.value === action.cores,
    );
  });

  it('exports the numbers of the applied decision that the dashboard plots (decision_value)', async () => {
    await expectDecisionValuesExported(prom, 'sponge', SPONGE_NS, records, [
      'predictedRps',
      'tightestBudgetMs',
      'arrivalBudgetMs',
      'queued',
      'unreachable',
      'objective',
    ]);
  });
});

// Last: the queries read what the load above left in Prometheus.
describeDashboardData('infscale-sponge', () => prom, variableValues(SPONGE_NS));
