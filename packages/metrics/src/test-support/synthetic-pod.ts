/**
 * A fake pod for tests: a real prom-client /metrics endpoint on 127.0.0.1 whose counters grow at
 * exact rates with wall time (advanced at each scrape), so rate() queries have a known answer.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { startMetricsServer, type RunningMetricsServer } from '../metrics-server';

export interface SyntheticPodSpec {
  requestsPerSecond?: number;
  cpuCores?: number;
  /** Latencies (seconds) observed per second, each value once per second. */
  latenciesSeconds?: number[];
  queueLength?: number;
  /** Remaining budgets (ms) observed per second, each value once per second. */
  budgetsMs?: number[];
  /** Requests waiting per stage, as a StageQueueService exports them (infscale_stage_queue_length{stage}). */
  stageQueues?: Record<string, number>;
}

export interface SyntheticPod {
  readonly url: string;
  readonly registry: Registry;
  close(): Promise<void>;
}

/** Calls `step(whole)` with the whole number of events due since the last call at `perSecond`. */
function ticker(perSecond: number, step: (events: number) => void): () => void {
  let last = Date.now();
  let carry = 0;
  return () => {
    const now = Date.now();
    carry += ((now - last) / 1000) * perSecond;
    last = now;
    const whole = Math.floor(carry);
    carry -= whole;
    if (whole > 0) step(whole);
  };
}

export async function startSyntheticPod(spec: SyntheticPodSpec): Promise<SyntheticPod> {
  const registry = new Registry();
  const start = Date.now();
  let lastRequests = start;
  let lastCpu = start;
  const rps = spec.requestsPerSecond ?? 0;
  const cores = spec.cpuCores ?? 0;
  new Counter({
    name: 'infscale_model_requests_total',
    help: 'Requests that arrived.',
    registers: [registry],
    collect() {
      const now = Date.now();
      this.inc((rps * (now - lastRequests)) / 1000);
      lastRequests = now;
    },
  });
  new Counter({
    name: 'container_cpu_usage_seconds_total',
    help: 'cAdvisor-like CPU seconds.',
    labelNames: ['container'],
    registers: [registry],
    collect() {
      const now = Date.now();
      this.inc({ container: 'server' }, (cores * (now - lastCpu)) / 1000);
      lastCpu = now;
    },
  });
  const latencies = spec.latenciesSeconds ?? [];
  const latencyTick = ticker(1, (n) => {
    for (let i = 0; i < n; i++) for (const l of latencies) latency.observe(l);
  });
  const latency: Histogram = new Histogram({
    name: 'infscale_model_request_duration_seconds',
    help: 'Request latency.',
    registers: [registry],
    collect: () => latencyTick(),
  });
  if (spec.queueLength !== undefined) {
    const g = new Gauge({ name: 'infscale_edf_queue_length', help: 'Queued requests.', registers: [registry] });
    g.set(spec.queueLength);
  }
  if (spec.stageQueues) {
    const g = new Gauge({ name: 'infscale_stage_queue_length', help: 'Requests waiting in the stage queue.', labelNames: ['stage'], registers: [registry] });
    for (const [stage, n] of Object.entries(spec.stageQueues)) g.set({ stage }, n);
  }
  if (spec.budgetsMs) {
    const budgets = spec.budgetsMs;
    const budgetTick = ticker(1, (n) => {
      for (let i = 0; i < n; i++) for (const b of budgets) hist.observe(b / 1000);
    });
    const hist: Histogram = new Histogram({
      name: 'infscale_edf_remaining_budget_seconds',
      help: 'Remaining budget at arrival.',
      buckets: [0, 0.1, 0.2, 0.4, 0.8],
      registers: [registry],
      collect: () => budgetTick(),
    });
  }
  const server: RunningMetricsServer = await startMetricsServer({ registries: [registry] });
  return { url: `${server.url}/metrics`, registry, close: () => server.close() };
}

/** A kube-state-metrics stand-in: ready replicas per deployment. */
export async function startSyntheticKubeStateMetrics(ready: Record<string, number>): Promise<SyntheticPod> {
  const registry = new Registry();
  const g = new Gauge({ name: 'kube_deployment_status_replicas_ready', help: 'Ready replicas.', labelNames: ['deployment'], registers: [registry] });
  for (const [deployment, n] of Object.entries(ready)) g.set({ deployment }, n);
  const server = await startMetricsServer({ registries: [registry] });
  return { url: `${server.url}/metrics`, registry, close: () => server.close() };
}
