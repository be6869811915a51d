/**
 * PrometheusSource against a REAL Prometheus (one per file) scraping real prom-client endpoints.
 */
import type { ObservationRequest } from '@infscale/core';
import { escapeLabelValue, escapeRegexLiteral } from './promql-escape';
import { PrometheusSource } from './prometheus-source';
import { startPrometheus, type RunningPrometheus } from './test-support/prometheus';
import { startSyntheticKubeStateMetrics, startSyntheticPod, type SyntheticPod } from './test-support/synthetic-pod';

jest.setTimeout(60_000);

const NS = 'infer';
const HOSTILE_POD = 'a"} or vector(1) #';
let prom: RunningPrometheus;
const servers: SyntheticPod[] = [];
let source: PrometheusSource;

beforeAll(async () => {
  const pods: Array<[string, Parameters<typeof startSyntheticPod>[0]]> = [
    ['resnet18-5d9c7b8f4-abcde', { requestsPerSecond: 20, cpuCores: 1.5, latenciesSeconds: [0.08, 0.08, 0.08], queueLength: 3, budgetsMs: [150, 150, 500] }],
    ['resnet50-7f6d5c4b3-fghij', { requestsPerSecond: 50, cpuCores: 3, latenciesSeconds: [0.3] }],
    ['idle-6b5c4d3e2-klmno', { requestsPerSecond: 0, cpuCores: 0.1 }],
    [HOSTILE_POD, { requestsPerSecond: 7 }],
    // IPA's stage queues: two replicas of the entry stage's queue, and the next stage's.
    ['video-yolo-queue-6c8d9f7b5-qrstu', { stageQueues: { yolo: 4 } }],
    ['video-yolo-queue-6c8d9f7b5-vwxyz', { stageQueues: { yolo: 2 } }],
    ['video-resnet-queue-5b7c8d6a4-abcde', { stageQueues: { 'resnet-human': 9 } }],
  ];
  const targets = [];
  for (const [pod, spec] of pods) {
    const server = await startSyntheticPod(spec);
    servers.push(server);
    targets.push({ url: server.url, labels: { namespace: NS, pod } });
  }
  const ksm = await startSyntheticKubeStateMetrics({ resnet18: 2, resnet50: 1, idle: 1, gone: 0 });
  servers.push(ksm);
  targets.push({ url: ksm.url, labels: { namespace: NS } });
  prom = await startPrometheus({ targets });
  // Windows no longer than the data this test has (a 30 s rate over 9 s of samples underestimates).
  source = PrometheusSource.fromConfig({ serverAddress: prom.url, namespace: NS, windows: { cpu: '5s', latency: '5s', budgets: '5s' } });
  // rate() over 5 s is exact only once 5 s of samples exist, and the history asks for 3 such seconds.
  await prom.waitFor(`count_over_time(infscale_model_requests_total{pod="resnet18-5d9c7b8f4-abcde"}[9s])`, (v) => v.length === 1 && v[0] >= 9);
});

afterAll(async () => {
  await prom?.stop();
  await Promise.all(servers.map((s) => s.close()));
});

const request = (deployments: string[], extra: Partial<ObservationRequest> = {}): ObservationRequest => ({
  nowMs: Date.now(),
  historySeconds: 3,
  deployments,
  ...extra,
});

describe('arrival rate', () => {
  it('returns per-second history summed over the asked deployments, as generated (20 + 50 req/s)', async () => {
    const answer = await source.arrivalHistory(['resnet18', 'resnet50'], Date.now(), 3);
    expect(answer.kind).toBe('ok');
    if (answer.kind !== 'ok') return;
    expect(answer.value.length).toBeGreaterThanOrEqual(1);
    for (const v of answer.value) expect(v).toBeCloseTo(70, -1);
    expect(Math.abs(answer.value[answer.value.length - 1] - 70)).toBeLessThan(3.5);
  });

  it('measures the load over loadFrom, including deployments not running now, without asking for their usage', async () => {
    const result = await source.observe(request([], { loadFrom: ['resnet18', 'resnet50', 'resnet152-not-running'] }));
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    expect(result.observation.arrivalsPerSecond[result.observation.arrivalsPerSecond.length - 1]).toBeCloseTo(70, -1);
    expect(result.observation.deployments).toEqual([]);
  });

  it('a full observation has usage per deployment, latency quantiles and the EDF queue', async () => {
    const result = await source.observe(request(['resnet18', 'resnet50'], { wantLatency: true, wantQueue: true }));
    expect(result).toMatchObject({ kind: 'ok' });
    if (result.kind !== 'ok') return;
    const { deployments, latencyMs, queuedBudgetsMs, recentArrivalBudgetsMs } = result.observation;
    const [r18, r50] = deployments ?? [];
    expect(r18).toMatchObject({ name: 'resnet18', readyReplicas: 2 });
    expect(r50).toMatchObject({ name: 'resnet50', readyReplicas: 1 });
    expect(Math.abs((r18.arrivalRps ?? 0) - 20)).toBeLessThan(1);
    expect(Math.abs((r50.arrivalRps ?? 0) - 50)).toBeLessThan(2.5);
    expect(Math.abs((r18.cpuCoresPerPod ?? 0) - 1.5)).toBeLessThan(0.1);
    expect(Math.abs((r50.cpuCoresPerPod ?? 0) - 3)).toBeLessThan(0.15);
    // Three in four requests take 80 ms (bucket 50–100 ms), one in four 300 ms (bucket 250–500 ms).
    expect(latencyMs?.p50).toBeGreaterThan(50);
    expect(latencyMs?.p50).toBeLessThanOrEqual(100);
    expect(latencyMs?.p99).toBeGreaterThan(250);
    expect(latencyMs?.p99).toBeLessThanOrEqual(500);
    // Budgets 150, 150, 500 ms per second: lower bucket edges 100 and 400, in a 2:1 ratio.
    expect(queuedBudgetsMs).toEqual([100, 100, 100]);
    const recent = recentArrivalBudgetsMs ?? [];
    const at100 = recent.filter((b) => b === 100).length;
    const at400 = recent.filter((b) => b === 400).length;
    expect(at100 + at400).toBe(recent.length);
    expect(at400).toBeGreaterThan(0);
    expect(at100 / at400).toBeGreaterThan(1.4);
    expect(at100 / at400).toBeLessThan(2.8);
  });

  it('usage the scaler marks optional is left out when missing; otherwise it fails the observation, naming it', async () => {
    const strict = await source.observe(request(['resnet18', 'unknown']));
    expect(strict).toMatchObject({ kind: 'no-data', reason: expect.stringMatching(/readyReplicas unknown/) });
    const optional = await source.observe(request(['resnet18', 'unknown'], { usageOptional: true }));
    expect(optional.kind).toBe('ok');
    if (optional.kind !== 'ok') return;
    expect(optional.observation.deployments?.map((d) => d.name)).toEqual(['resnet18']);
  });

  it('a deployment with no ready pod reports zero replicas, not missing data', async () => {
    expect(await source.deploymentUsage('gone', Date.now())).toEqual({ kind: 'ok', value: { name: 'gone', readyReplicas: 0 } });
  });
});

describe("the stage queues' length (IPA)", () => {
  const entry = (stage: string, extra: Partial<ObservationRequest> = {}) =>
    request([], { loadFrom: ['resnet18'], wantQueueLength: { stages: [stage] }, ...extra });

  it('sums the stage queue gauge of the asked stage only, without asking for the EDF queue', async () => {
    const result = await source.observe(entry('yolo'));
    if (result.kind !== 'ok') throw new Error(result.reason);
    expect(result.observation.queuedRequests).toBe(6);
    expect(result.observation.queuedBudgetsMs).toBeUndefined();
    const next = await source.observe(entry('resnet-human'));
    expect(next.kind === 'ok' && next.observation.queuedRequests).toBe(9);
    const both = await source.observe(request([], { loadFrom: ['resnet18'], wantQueueLength: { stages: ['yolo', 'resnet-human'] } }));
    expect(both.kind === 'ok' && both.observation.queuedRequests).toBe(15);
  });

  it('a stage without a queue series is no-data, not an empty queue', async () => {
    const result = await source.observe(entry('no-such-stage'));
    expect(result).toMatchObject({ kind: 'no-data', reason: expect.stringMatching(/stageQueueLength.*empty result/) });
  });

  it('refuses a stage name that is not a Kubernetes name', async () => {
    const result = await source.observe(entry('yolo"} or vector(1) #'));
    expect(result).toMatchObject({ kind: 'no-data', reason: expect.stringMatching(/^stageQueueLength: stage ".*": must be a Kubernetes DNS-1123 label/) });
  });

  it("is overridable: a template may read a queue at the entry deployments' pods instead", async () => {
    const own = PrometheusSource.fromConfig({
      serverAddress: prom.url,
      namespace: NS,
      queries: { stageQueueLength: 'sum(infscale_edf_queue_length{namespace="{{namespace}}",pod=~"{{podRegex}}"})' },
    });
    const result = await own.observe(entry('yolo'));
    expect(result.kind === 'ok' && result.observation.queuedRequests).toBe(3);
  });
});

describe('no data instead of a wrong number', () => {
  it('NaN latency (nothing observed in the window) is no-data', async () => {
    const result = await source.observe(request(['idle'], { wantLatency: true }));
    expect(result.kind).toBe('no-data');
    expect(result.kind === 'no-data' && result.reason).toMatch(/latencyQuantile.*NaN/);
  });

  it('a deployment Prometheus knows nothing about is no-data', async () => {
    const result = await source.observe(request(['missing']));
    expect(result).toMatchObject({ kind: 'no-data', reason: expect.stringMatching(/empty result/) });
  });

  it('a series that stopped before nowMs is stale', async () => {
    const answer = await source.arrivalHistory(['resnet18'], Date.now() + 30_000, 40);
    expect(answer).toMatchObject({ kind: 'no-data', reason: expect.stringMatching(/stale/) });
  });

  it('a query Prometheus rejects is no-data with its error', async () => {
    const broken = PrometheusSource.fromConfig({
      serverAddress: prom.url,
      namespace: NS,
      queries: { readyReplicas: 'sum(kube_deployment_status_replicas_ready{deployment="{{deployment}}"' },
    });
    const result = await broken.deploymentUsage('resnet18', Date.now());
    expect(result).toMatchObject({ kind: 'no-data', reason: expect.stringMatching(/HTTP 400/) });
  });
});

describe('hostile label values', () => {
  const count = async (selector: string) => (await prom.query(`sum(infscale_model_requests_total{${selector}})`)).length;

  it('the attack is real: spliced unescaped, a name turns the query into "everything"', async () => {
    expect(await prom.query(`infscale_model_requests_total{pod="x"} or vector(1) #"}`)).toHaveLength(1);
  });

  it.each([
    ['quote and or', 'x"} or vector(1) #'],
    ['backslash before the quote', 'x\\"} or vector(1) #'],
    ['single quote', "x'} or vector(1) #"],
    ['newline', 'x"}\nor vector(1)'],
    ['trailing backslash', 'x\\'],
    ['unicode', 'é"} or vector(1)'],
  ])('escaped, a %s name matches nothing, in double and single quotes', async (_label, name) => {
    const result = await prom.query(`infscale_model_requests_total{pod="${escapeLabelValue(name)}"}`);
    expect(result).toEqual([]);
    expect(await prom.query(`infscale_model_requests_total{pod='${escapeLabelValue(name)}'}`)).toEqual([]);
  });

  it('escaped, a hostile name still matches exactly the series carrying that name', async () => {
    const result = await prom.query(`infscale_model_requests_total{pod="${escapeLabelValue(HOSTILE_POD)}"}`);
    expect(result.map((r) => r.labels.pod)).toEqual([HOSTILE_POD]);
  });

  it('regex metacharacters in a name match literally', async () => {
    expect(await count(`pod=~"${escapeLabelValue(escapeRegexLiteral('.*'))}"`)).toBe(0);
    expect(await count(`pod=~"${escapeLabelValue('.*')}"`)).toBe(1);
  });

  it('PrometheusSource refuses names Kubernetes would refuse: no-data, not everything', async () => {
    const result = await source.observe(request([HOSTILE_POD]));
    expect(result).toMatchObject({ kind: 'no-data', reason: expect.stringMatching(/: deployment ".*": must be a Kubernetes DNS-1123 subdomain/) });
  });
});
