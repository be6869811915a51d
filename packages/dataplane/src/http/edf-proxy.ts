import type * as http from 'node:http';
import { type Clock, systemClock } from '@infscale/core';
import type { Registry } from 'prom-client';
import { type EdfAdmission, type EdfEntry, EdfQueue, type LatePolicy, type ServiceTimeEstimator } from '../policy/edf-queue';
import { type SpongeLatencyModel, spongeServiceTime } from '../policy/sponge-latency-model';
import { postBatch } from './batch-protocol';
import { EdfMetrics } from './edf-metrics';
import { HttpService, readJson, secondsSince, sendJson } from './http-service';
import { WakeupTimer } from './wakeup-timer';
import { answerBatch, holdRequest, type WaitingRequest } from './waiting-request';

/** The request's latency objective in ms (whole request, client to answer). */
export const SLO_HEADER = 'x-infscale-slo-ms';
/** When the client sent the request: Unix epoch ms by the client's clock. */
export const SENT_AT_HEADER = 'x-infscale-sent-at-ms';
/** Set on answers: the request's absolute deadline (epoch ms); "1" when it was set aside as late or answered after its deadline. */
export const DEADLINE_HEADER = 'x-infscale-deadline-ms';
export const LATE_HEADER = 'x-infscale-late';

export interface EdfProxyOptions {
  /** The model server's predict URL (TF-Serving format). */
  upstreamUrl: string;
  batchSize: number;
  /** How long a batch takes: a function, or Sponge's fitted model at the pod's current cores. */
  serviceTime: ServiceTimeEstimator | { model: SpongeLatencyModel; cores: number };
  /** SLO for requests without the SLO header. */
  defaultSloMs: number;
  latePolicy?: LatePolicy;
  clock?: Clock;
  registry?: Registry;
}

/**
 * Sponge's proxy in front of one model server: requests wait in an EdfQueue by absolute deadline
 * (sent-at + SLO), batches go to the server one at a time, and a request that cannot make its
 * deadline is answered at once with 504 (policy drop) or served after every on-time request
 * (serve-late). POST /admin/config {batchSize?, cores?} follows the scaler's decisions (cores only
 * with a latency model); GET /admin/queue shows the queued remaining budgets.
 */
export class EdfProxy extends HttpService {
  readonly queue: EdfQueue<WaitingRequest>;
  private readonly options: EdfProxyOptions;
  private readonly clock: Clock;
  private readonly timer: WakeupTimer;
  private readonly metrics: EdfMetrics;
  private serverBusy = false;
  /** Estimated end of the batch in service: a new request cannot start before it. */
  private busyUntilMs = 0;

  constructor(options: EdfProxyOptions) {
    super(options.registry);
    this.options = options;
    this.clock = options.clock ?? systemClock;
    const serviceTime = options.serviceTime;
    this.queue = new EdfQueue({
      batchSize: options.batchSize,
      serviceTimeMs: typeof serviceTime === 'function' ? serviceTime : spongeServiceTime(serviceTime.model, serviceTime.cores),
      latePolicy: options.latePolicy,
    });
    this.timer = new WakeupTimer(this.clock, () => this.pump());
    this.onClose(() => this.timer.cancel());
    this.metrics = new EdfMetrics(this.registry, () => ({ queued: this.queue.length, late: this.queue.lateLength, batchSize: this.queue.batchSize }));
  }

  protected handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.url === '/admin/config' && req.method === 'POST') void this.handleConfig(req, res);
    else if (req.url === '/admin/queue' && req.method === 'GET') this.handleQueue(res);
    else if (req.method === 'POST') void this.handleInput(req, res);
    else sendJson(res, 404, { error: 'not-found', message: 'POST an input to /' });
  }

  private async handleInput(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const sloMs = numberHeader(req, SLO_HEADER) ?? this.options.defaultSloMs;
    const sentAtMs = numberHeader(req, SENT_AT_HEADER);
    const arrivalMs = this.clock.now();
    const body = await readJson(req, res);
    if (!body) return;
    const waiting = holdRequest(body.value, res);
    const admission = this.queue.admit(waiting, { arrivalMs, sentAtMs, sloMs }, this.serverBusy ? this.busyUntilMs : arrivalMs);
    this.metrics.budget.observe(admission.entry.budgetMs / 1000);
    res.on('close', () => this.countAnswer(admission.entry));
    this.settle(admission);
    this.pump();
  }

  private handleQueue(res: http.ServerResponse): void {
    const nowMs = this.clock.now();
    sendJson(res, 200, {
      batchSize: this.queue.batchSize,
      queued: this.queue.length,
      late: this.queue.lateLength,
      budgetsMs: this.queue.queuedBudgetsMs(nowMs),
      counts: this.queue.counts(),
    });
  }

  private async handleConfig(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readJson(req, res);
    if (!body) return;
    const { batchSize, cores } = (body.value ?? {}) as { batchSize?: unknown; cores?: unknown };
    try {
      if (batchSize !== undefined) this.queue.setBatchSize(batchSize as number);
      if (cores !== undefined) this.setCores(cores as number);
    } catch (err) {
      return sendJson(res, 400, { error: 'bad-settings', message: (err as Error).message });
    }
    this.pump();
    sendJson(res, 200, { batchSize: this.queue.batchSize });
  }

  /** After an in-place resize: the same model, faster or slower. */
  setCores(cores: number): void {
    const serviceTime = this.options.serviceTime;
    if (typeof serviceTime === 'function') throw new Error('cores need a latency model: start the proxy with serviceTime {model, cores}');
    this.queue.setServiceTimeEstimator(spongeServiceTime(serviceTime.model, cores));
  }

  /** Answers at once a request that was dropped; late and queued ones wait for a batch. */
  private settle(admission: EdfAdmission<WaitingRequest>): void {
    if (admission.kind === 'late') this.metrics.late.inc();
    if (admission.kind !== 'dropped') return;
    this.metrics.dropped.inc();
    sendJson(admission.entry.payload.res, 504, {
      error: 'deadline-unmeetable',
      reason: admission.reason,
      budgetMs: admission.entry.budgetMs,
    });
  }

  private pump(): void {
    const nowMs = this.clock.now();
    this.queue.expire(nowMs).forEach((admission) => this.settle(admission));
    if (this.serverBusy) return;
    const batch = this.queue.takeBatch(nowMs, true);
    if (batch) return this.send(batch, nowMs);
    const next = this.queue.nextDeadlineMs();
    if (next !== undefined) this.timer.schedule(next);
  }

  private send(batch: EdfEntry<WaitingRequest>[], nowMs: number): void {
    this.serverBusy = true;
    this.busyUntilMs = nowMs + this.queue.serviceTimeMs(batch.length);
    this.metrics.batchSize.observe(batch.length);
    const live = batch.filter((e) => !e.payload.cancelled);
    if (live.length === 0) {
      this.serverBusy = false;
      return this.pump();
    }
    void postBatch(this.options.upstreamUrl, live.map((e) => e.payload.input), this.agent).then((result) => {
      this.serverBusy = false;
      answerBatch(
        live.map((e) => e.payload),
        result,
        (i) => ({ [DEADLINE_HEADER]: String(live[i].deadlineMs), ...(live[i].late || this.clock.now() > live[i].deadlineMs ? { [LATE_HEADER]: '1' } : {}) }),
      );
      this.pump();
    });
  }

  private countAnswer(entry: EdfEntry<WaitingRequest>): void {
    const res = entry.payload.res;
    this.metrics.requests.labels(entry.payload.cancelled ? 'cancelled' : String(res.statusCode)).inc();
    this.metrics.latency.observe(secondsSince(entry.payload.startNs));
    if (this.clock.now() > entry.deadlineMs) this.metrics.missed.inc();
  }
}

function numberHeader(req: http.IncomingMessage, name: string): number | undefined {
  const raw = req.headers[name];
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}
