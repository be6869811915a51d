import { errorMessage } from '@infscale/core';
import type { DeploymentUsage, MetricsSource, Observation, ObservationRequest, ObservationResult } from '@infscale/core';
import { noData, ok, type Answer } from './answer';
import { budgetsFromBuckets, tightest } from './budget-buckets';
import type { QueryName } from './catalogue';
import { effectiveQueries, parsePrometheusSourceConfig, type PrometheusSourceConfig } from './config';
import { PrometheusClient, type QueryAnswer, type Series } from './prometheus-client';
import { renderQuery, type TemplateVars } from './query-template';
import { perSecondHistory, scalarOf } from './series-reduce';

/** Prometheus answers at most 11,000 points per series and range query. */
const MAX_POINTS_PER_RANGE = 11_000;
const QUANTILES = { p50: 0.5, p95: 0.95, p99: 0.99 } as const;

/**
 * MetricsSource backed by Prometheus. Every question is one template of the catalogue, rendered with
 * escaped names. Whatever goes wrong — an unreachable server, an error, an empty result, NaN, a stale
 * series, an invalid name — the answer is `{ kind: 'no-data', reason }`, which the ControllerLoop
 * turns into a hold: never a zero that a scaler could read as "scale down", and never a throw.
 */
export class PrometheusSource implements MetricsSource {
  private readonly queries: Record<QueryName, string>;
  private readonly client: PrometheusClient;

  /** Validates the raw config (ConfigError naming the field) and builds the source. */
  static fromConfig(input: unknown): PrometheusSource {
    return new PrometheusSource(parsePrometheusSourceConfig(input));
  }

  constructor(readonly config: PrometheusSourceConfig) {
    this.queries = effectiveQueries(config);
    this.client = new PrometheusClient(config);
  }

  async observe(request: ObservationRequest): Promise<ObservationResult> {
    try {
      const answer = await this.collect(request);
      return answer.kind === 'ok' ? { kind: 'ok', observation: answer.value } : answer;
    } catch (err) {
      // Defensive: nothing below should throw, but a crash would stop the loop.
      return { kind: 'no-data', reason: `prometheus source failed: ${errorMessage(err)}` };
    }
  }

  private async collect(request: ObservationRequest): Promise<Answer<Observation>> {
    const { nowMs, deployments } = request;
    const [history, usage, latency, queue, queueLength] = await Promise.all([
      this.arrivalHistory(request.loadFrom ?? deployments, nowMs, request.historySeconds),
      Promise.all(deployments.map((d) => this.deploymentUsage(d, nowMs))),
      request.wantLatency ? this.latency(deployments, nowMs) : Promise.resolve(ok(undefined)),
      request.wantQueue ? this.queue(request.loadFrom ?? deployments, nowMs) : Promise.resolve(ok(undefined)),
      request.wantQueueLength ? this.stagesQueueLength(request.wantQueueLength.stages, request.loadFrom ?? deployments, nowMs) : Promise.resolve(ok(undefined)),
    ]);
    // The first missing piece is the reason; order: load, deployments, latency, queue, queue length.
    // Usage the scaler can do without (usageOptional) is left out when missing instead.
    const required = request.usageOptional ? [] : usage;
    for (const part of [history, ...required, latency, queue, queueLength]) if (part.kind === 'no-data') return part;
    const observation: Observation = { nowMs, arrivalsPerSecond: unwrap(history) };
    observation.deployments = usage.flatMap((u) => (u.kind === 'ok' ? [u.value] : []));
    const lat = unwrap(latency);
    if (lat) observation.latencyMs = lat;
    const q = unwrap(queue);
    if (q) {
      observation.queuedBudgetsMs = q.queued;
      observation.recentArrivalBudgetsMs = q.recent;
    }
    const length = unwrap(queueLength);
    if (length !== undefined) observation.queuedRequests = length;
    return ok(observation);
  }

  /** Requests per second into `deployments`, one value per second, oldest first, ending at nowMs. */
  async arrivalHistory(deployments: readonly string[], nowMs: number, historySeconds: number): Promise<Answer<number[]>> {
    if (!Number.isInteger(historySeconds) || historySeconds < 1) return noData(`historySeconds must be a positive integer, got ${historySeconds}`);
    const rendered = this.render('arrivalRate', { deployments, window: this.config.windows.arrival });
    if (rendered.kind === 'no-data') return rendered;
    const startMs = nowMs - (historySeconds - 1) * 1000;
    const series: Series[] = [];
    // Long histories are fetched in chunks that each stay under Prometheus' points limit.
    for (let from = 0; from < historySeconds; from += MAX_POINTS_PER_RANGE) {
      const to = Math.min(historySeconds, from + MAX_POINTS_PER_RANGE) - 1;
      const answer = await this.client.range(rendered.value, startMs + from * 1000, startMs + to * 1000, 1);
      const checked = this.checked(answer, 'arrivalRate', rendered.value);
      if (checked.kind === 'no-data') return checked;
      series.push(...checked.value);
    }
    return perSecondHistory(series, startMs, historySeconds, this.config.staleAfterSeconds * 1000, `arrivalRate ${deployments.join(',')}`);
  }

  /** Ready replicas, CPU per pod and arrival rate of one deployment, now. */
  async deploymentUsage(deployment: string, nowMs: number): Promise<Answer<DeploymentUsage>> {
    const ready = await this.scalar('readyReplicas', { deployments: [deployment] }, nowMs);
    if (ready.kind === 'no-data') return ready;
    // A deployment with no ready pod has no CPU or load to report: that is a fact, not missing data.
    if (ready.value === 0) return ok({ name: deployment, readyReplicas: 0 });
    const [cpu, rps] = await Promise.all([
      this.scalar('cpuPerPod', { deployments: [deployment], window: this.config.windows.cpu }, nowMs),
      this.scalar('arrivalRate', { deployments: [deployment], window: this.config.windows.arrival }, nowMs),
    ]);
    if (cpu.kind === 'no-data') return cpu;
    if (rps.kind === 'no-data') return rps;
    return ok({ name: deployment, readyReplicas: ready.value, cpuCoresPerPod: cpu.value, arrivalRps: rps.value });
  }

  /** p50/p95/p99 latency (ms) of requests served by `deployments` over the latency window. */
  async latency(deployments: readonly string[], nowMs: number): Promise<Answer<{ p50: number; p95: number; p99: number }>> {
    const window = this.config.windows.latency;
    const entries = Object.entries(QUANTILES) as Array<[keyof typeof QUANTILES, number]>;
    const values = await Promise.all(entries.map(([, quantile]) => this.scalar('latencyQuantile', { deployments, window, quantile }, nowMs)));
    const out = { p50: 0, p95: 0, p99: 0 };
    for (let i = 0; i < entries.length; i++) {
      const v = values[i];
      if (v.kind === 'no-data') return v;
      out[entries[i][0]] = v.value;
    }
    return ok(out);
  }

  /**
   * Sponge's queue: remaining budgets of the requests that arrived over the budgets window (from the
   * EDF proxy's histogram), and — as the proxy exports only the queue's length — the queued requests
   * taken as the tightest `length` of those budgets, the conservative guess.
   */
  async queue(deployments: readonly string[], nowMs: number): Promise<Answer<{ queued: number[]; recent: number[] }>> {
    const [length, buckets] = await Promise.all([
      this.scalar('queueLength', { deployments }, nowMs),
      this.instant('remainingBudgetBuckets', { deployments, window: this.config.windows.budgets }, nowMs),
    ]);
    if (length.kind === 'no-data') return length;
    if (buckets.kind === 'no-data') return buckets;
    const leToMs = this.config.budgetBucketsUnit === 's' ? 1000 : 1;
    const recent = budgetsFromBuckets(buckets.value, this.config.maxBudgetSamples, 'remainingBudgetBuckets', leToMs);
    if (recent.kind === 'no-data') return recent;
    if (length.value > 0 && recent.value.length === 0) {
      return noData(`queueLength is ${length.value} but no budgets were observed in the last ${this.config.windows.budgets}`);
    }
    return ok({ queued: tightest(recent.value, length.value), recent: recent.value });
  }

  /**
   * IPA's backlog: how many requests wait in the central queue of `stage` now (the stage queue's
   * gauge). `deployments` are the stage's model deployments, for templates that read a server's queue.
   */
  stageQueueLength(stage: string, deployments: readonly string[], nowMs: number): Promise<Answer<number>> {
    return this.scalar('stageQueueLength', { deployments, stage }, nowMs);
  }

  /** Requests waiting in the central queues of `stages`, summed; no-data when any stage has none. */
  async stagesQueueLength(stages: readonly string[], deployments: readonly string[], nowMs: number): Promise<Answer<number>> {
    const parts = await Promise.all(stages.map((stage) => this.stageQueueLength(stage, deployments, nowMs)));
    let sum = 0;
    for (const part of parts) {
      if (part.kind === 'no-data') return part;
      sum += part.value;
    }
    return ok(sum);
  }

  private render(name: QueryName, vars: Omit<TemplateVars, 'namespace'>): Answer<string> {
    const rendered = renderQuery(this.queries[name], { ...vars, namespace: this.config.namespace });
    return rendered.kind === 'ok' ? ok(rendered.query) : noData(`${name}: ${rendered.reason}`);
  }

  private async instant(name: QueryName, vars: Omit<TemplateVars, 'namespace'>, nowMs: number): Promise<Answer<Series[]>> {
    const rendered = this.render(name, vars);
    if (rendered.kind === 'no-data') return rendered;
    return this.checked(await this.client.instant(rendered.value, nowMs), name, rendered.value);
  }

  private async scalar(name: QueryName, vars: Omit<TemplateVars, 'namespace'>, nowMs: number): Promise<Answer<number>> {
    const series = await this.instant(name, vars, nowMs);
    if (series.kind === 'no-data') return series;
    return scalarOf(series.value, `${name} ${vars.deployments.join(',')}`);
  }

  private checked(answer: QueryAnswer, name: QueryName, query: string): Answer<Series[]> {
    if (answer.kind === 'ok') return ok(answer.series);
    return noData(`${name}: prometheus at ${this.config.serverAddress} did not answer: ${answer.reason} (query: ${abbreviate(query)})`);
  }
}

function unwrap<T>(answer: Answer<T>): T {
  if (answer.kind !== 'ok') throw new Error(`unwrap of no-data: ${answer.reason}`);
  return answer.value;
}

function abbreviate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
