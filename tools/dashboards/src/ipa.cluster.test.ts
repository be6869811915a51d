/**
 * IPA end to end, real over mock, on 127.0.0.1: loadgen (open loop) → PipelineRouterService → one
 * StageQueueService per stage of the video pipeline → model-server emulators; a REAL Prometheus
 * scraping them and the IPA scaler process (runScalerProcess: PrometheusSource in, KubernetesActuator
 * out to a namespace of the real test control plane). A steady load with a one-second burst: the scaler must
 * see it through PromQL and change the stages, the burst must push requests past the router's drop
 * limit (most of them shed by the stage queues first), and then every IPA-dashboard panel query must return data
 * from that Prometheus.
 */
import type { DecisionRecord } from '@infscale/core';
import { createIpaForecaster, createIpaScaler } from '@infscale/scalers';
import { runLoad, type LoadResult } from '@infscale/profiler';
import type { RunningPrometheus } from '@infscale/metrics/testing';
import { eventually } from '@infscale/kube/testing';
import { describeDashboardData, variableValues } from './test-support/dashboard-data';
import { detailsOfLastApply, expectDecisionValuesExported } from './test-support/decision-values';
import { IPA_NS, IPA_RUNNING, startIpaStack, type IpaStack } from './test-support/ipa-stack';
import { createProcessConfig } from './test-support/process-config';
import { VIDEO_IPA_SECTION } from '@infscale/runtime/testing';
import { startScalerUnderPrometheus, type ScalerUnderPrometheus } from './test-support/scaler-with-prometheus';

jest.setTimeout(90_000);

// The chart's default `ipa:` section (its drop limit left to the method's: the SLA), with a test-sized
// interval and the max-of-history forecaster; drainBacklog stays on (the default): the backlog is the
// stage queues' infscale_stage_queue_length.
const SCALER = { ...VIDEO_IPA_SECTION, interval: '2s', forecast: { model: 'max', margin: 0 } };
const STEADY_RPS = 6;
const BURST = 80;
// Steady, a burst the stages cannot serve within the drop limit, steady again (bounded: ~21 s, ~200 requests).
const COUNTS = [...Array(10).fill(STEADY_RPS), BURST, ...Array(10).fill(STEADY_RPS)];
const DROP_LIMIT_MS = 800;

let stack: IpaStack;
let observed: ScalerUnderPrometheus;
let prom: RunningPrometheus;
const records: DecisionRecord[] = [];
let load: LoadResult;

beforeAll(async () => {
  stack = await startIpaStack({ dropLimitMs: DROP_LIMIT_MS });
  // As the chart with stage queues: the decided batch goes to each stage's queue, which forms the batches.
  const kubernetes = { stageQueues: stack.stageQueues, batchEnv: false };
  const config = createProcessConfig({ name: 'ipa', namespace: IPA_NS, scaler: SCALER, kubeconfigPath: stack.cluster.kubeconfigPath, kubernetes });
  // A real clock for the solve time (the details' solveMs), so the dashboard's solver line is measured.
  const scaler = createIpaScaler(config.scaler, { now: () => performance.now() });
  const forecaster = await createIpaForecaster(scaler.config.forecast);
  observed = await startScalerUnderPrometheus({ name: 'ipa', scaler, forecaster, config, onRecord: (r) => records.push(r) }, stack.targets);
  prom = observed.prom;
  load = await runLoad({ url: `${stack.routerUrl}/`, countsPerSecond: COUNTS, seed: 5, requestTimeoutMs: 10_000 });
  // Everything the load left must be scraped before the checks read it.
  await prom.waitFor(`sum(infscale_router_requests_total{namespace="${IPA_NS}"})`, (v) => v[0] >= load.sent, 10_000);
});

afterAll(async () => {
  await observed?.stop();
  await stack?.stop();
});

const applies = () => records.filter((r) => r.decision.kind === 'apply');

describe('IPA on a real Prometheus, steady load with a burst', () => {
  it('served the steady load through both stages, and the burst pushed some requests past the drop limit', async () => {
    expect(load.ok).toBeGreaterThan(load.sent * 0.5);
    expect(load.failed).toBeGreaterThan(0);
    const [dropped] = await prom.query(`sum(infscale_router_requests_total{namespace="${IPA_NS}",outcome="dropped"})`);
    expect(dropped?.value).toBeGreaterThan(0);
    expect(dropped?.value).toBeLessThanOrEqual(load.failed);
  });

  it('the stage queues shed burst requests that could no longer finish before the drop limit, and the router counted them as dropped', async () => {
    // The router's budget header reaches the real stage queues; a shed request's 504 deadline-unreachable is a drop.
    const [shed] = await prom.query(`sum(infscale_stage_unreachable_total{namespace="${IPA_NS}"})`);
    const [dropped] = await prom.query(`sum(infscale_router_requests_total{namespace="${IPA_NS}",outcome="dropped"})`);
    expect(shed?.value).toBeGreaterThan(0);
    expect(shed?.value).toBeLessThanOrEqual(dropped?.value ?? 0);
  });

  it('read the backlog of the first stage queue (drainBacklog on): once data flowed, no tick held for lack of it', () => {
    // Before the first scrapes every source lacks data; after the first apply none may.
    const first = records.findIndex((r) => r.decision.kind === 'apply');
    expect(first).toBeGreaterThanOrEqual(0);
    const noData = records.slice(first).filter((r) => r.decision.kind === 'hold' && /^no data/.test(r.decision.reason));
    expect(noData.map((r) => r.decision.kind === 'hold' && r.decision.reason)).toEqual([]);
    expect(applies().every((r) => r.decision.kind === 'apply' && typeof r.decision.details?.queued === 'number')).toBe(true);
  });

  it('saw the load through PromQL at the first stage', async () => {
    const [peak] = await prom.query(`max_over_time(infscale_ipa_observed_load_rps{namespace="${IPA_NS}"}[2m])`);
    expect(peak?.value).toBeGreaterThan(STEADY_RPS * 0.7);
    expect(records.some((r) => (r.forecast?.peakRps ?? 0) > STEADY_RPS * 0.7)).toBe(true);
  });

  it('applied a plan for both stages, and the cluster runs what it decided', async () => {
    const last = applies().at(-1);
    if (last?.decision.kind !== 'apply')
      throw new Error(`no apply in ${records.length} ticks: ${records.map((r) => (r.decision.kind === 'hold' ? r.decision.reason : 'apply')).join(' | ')}`);
    const desired = last.decision.desired.deployments;
    expect(new Set(desired.map((d) => d.stage))).toEqual(new Set(['yolo', 'resnet-human']));
    for (const d of desired) await eventually(`${d.name} at ${d.replicas} replicas`, async () => (await stack.cluster.replicasOf(d.name)) === d.replicas);
  });

  it('the stage queues form batches of the decided size: the "configured batch" panel shows the decision', async () => {
    // The scaler keeps ticking: whichever apply is the latest when Prometheus has scraped it counts.
    const decided = (stage: string) => detailsOfLastApply(records)[`${stage}.batch`];
    for (const stage of ['yolo', 'resnet-human']) {
      await prom.waitFor(`sum(infscale_stage_max_batch_size{namespace="${IPA_NS}",stage="${stage}"})`, (v) => v[0] === decided(stage), 10_000);
    }
    // Not trivially the start: some applied decision chose a batch other than the running one.
    const running = new Map(IPA_RUNNING.map((d) => [d.stage, d.batch]));
    expect(applies().some((r) => r.decision.kind === 'apply' && r.decision.desired.deployments.some((d) => d.batch !== running.get(d.stage)))).toBe(true);
  });

  it('exports the numbers of the applied decision that the dashboard plots (decision_value)', async () => {
    await expectDecisionValuesExported(prom, 'ipa', IPA_NS, records, ['expectedAccuracy', 'objective', 'lambdaRps', 'latencyMs', 'solveMs']);
    const details = detailsOfLastApply(records);
    expect(details.expectedAccuracy).toBeGreaterThan(0);
    expect(details.expectedAccuracy).toBeLessThanOrEqual(1);
  });
});

// Last: the queries read what the load above left in Prometheus.
describeDashboardData('infscale-ipa', () => prom, variableValues(IPA_NS, '5'));
