import type * as http from 'node:http';
import { type Clock, systemClock } from '@infscale/core';
import { MAX_BATCH_SIZE } from '../policy/batch-size';
import { type EdfAdmission, type EdfEntry, EdfQueue, type LatePolicy, type ServiceTimeEstimator } from '../policy/edf-queue';
import type { RequestTiming } from '../policy/request-budget';
import { checkCores, MAX_CORES, MIN_CORES, type SpongeLatencyModel, spongeServiceTime } from '../policy/sponge-latency-model';
import { AdminInputError, httpUrlField, integerField, numberField, objectBody } from './admin-input';
import { type BatchAnswerOptions, BatchPoster } from './batch-protocol';
import { EdfMetrics } from './edf-metrics';
import { DEFAULT_MAX_QUEUE, HttpService, type HttpServiceOptions } from './http-service';
import { secondsSince, sendJson } from './responses';
import { MAX_TIMER_MS, WakeupTimer } from './wakeup-timer';
import { answerBatch, awaitingAnswer, holdRequest, type WaitingRequest } from './waiting-request';

/** The request's latency objective in ms (whole request, client to answer). */
export const SLO_HEADER = 'x-infscale-slo-ms';
/** When the client sent the request: Unix epoch ms by the client's clock. */
export const SENT_AT_HEADER = 'x-infscale-sent-at-ms';
/** Set on answers: the request's absolute deadline (epoch ms); "1" when it was set aside as late or answered after its deadline. */
export const DEADLINE_HEADER = 'x-infscale-deadline-ms';
export const LATE_HEADER = 'x-infscale-late';
/** Largest SLO a request's header may ask for (1 h); a larger one counts as this. */
export const MAX_SLO_MS = 3_600_000;

export interface EdfProxyOptions extends HttpServiceOptions, BatchAnswerOptions {
  /** The model server's predict URL (TF-Serving format), http:// only. */
  upstreamUrl: string;
  batchSize: number;
  /** How long a batch takes: a function, or Sponge's fitted model at the pod's current cores. */
  serviceTime: ServiceTimeEstimator | { model: SpongeLatencyModel; cores: number };
  /** SLO for requests without the SLO header. */
  defaultSloMs: number;
  latePolicy?: LatePolicy;
  /** Requests held at most (on-time and late lanes together, and those still sending their bodies); more get 503. Default 1000. */
  maxQueue?: number;
  /**
   * A batch not answered by then is cut off: its requests get 504 and the server takes the next
   * batch. Default: per batch, the later of defaultSloMs and its latest request's deadline.
   */
  upstreamTimeoutMs?: number;
  clock?: Clock;
}

/**
 * Sponge's proxy in front of one model server: requests wait in an EdfQueue by absolute deadline
 * (sent-at + SLO), batches go to the server one at a time, and a request that cannot make its
 * deadline is answered 504 (policy drop: at once, at its deadline even while a batch is in service)
 * or served after every on-time request (serve-late). A batch that hangs is cut off after the
 * upstream timeout, so the server slot never stays taken. On the admin port, POST /admin/config
 * {batchSize?, cores?} follows the scaler's decisions (cores only with a latency model); GET
 * /admin/queue shows the queued remaining budgets.
 */
export class EdfProxy extends HttpService {
  readonly queue: EdfQueue<WaitingRequest>;
  readonly maxQueue: number;
  /** Posts the batches under the answer limit; `batches.maxBatchAnswerBytes` is the option, checked. */
  readonly batches: BatchPoster;
  private readonly options: EdfProxyOptions;
  private readonly upstreamUrl: string;
  private readonly clock: Clock;
  private readonly timer: WakeupTimer;
  /** Wakes at the deadline of a request in service, to answer it 504 then (policy drop). */
  private readonly inServiceTimer: WakeupTimer;
  private readonly metrics: EdfMetrics;
  private cores: number | undefined;
  private serverBusy = false;
  /** The batch the server is working on: its requests still get their 504 at their deadline. */
  private inService: EdfEntry<WaitingRequest>[] = [];
  /** Estimated end of the batch in service: a new request cannot start before it. */
  private busyUntilMs = 0;

  constructor(options: EdfProxyOptions) {
    super(options);
    this.options = options;
    this.upstreamUrl = httpUrlField('upstreamUrl', options.upstreamUrl);
    this.clock = options.clock ?? systemClock;
    this.maxQueue = integerField('maxQueue', options.maxQueue ?? DEFAULT_MAX_QUEUE, 1, Number.MAX_SAFE_INTEGER);
    if (options.upstreamTimeoutMs !== undefined) integerField('upstreamTimeoutMs', options.upstreamTimeoutMs, 1, MAX_TIMER_MS);
    this.batches = new BatchPoster(this.agent, this.maxBodyBytes, options);
    const serviceTime = options.serviceTime;
    this.cores = typeof serviceTime === 'function' ? undefined : checkCores(serviceTime.cores);
    this.queue = new EdfQueue({
      batchSize: options.batchSize,
      serviceTimeMs: typeof serviceTime === 'function' ? serviceTime : spongeServiceTime(serviceTime.model, serviceTime.cores),
      latePolicy: options.latePolicy,
    });
    this.timer = new WakeupTimer(this.clock, () => this.guard('edf wake-up', () => this.pump()));
    this.inServiceTimer = new WakeupTimer(this.clock, () => this.guard('edf deadline in service', () => this.answerPastDeadline()));
    this.onClose(() => {
      this.timer.stop();
      this.inServiceTimer.stop();
    });
    this.metrics = new EdfMetrics(this.registry, () => ({ queued: this.queue.length, late: this.queue.lateLength, batchSize: this.queue.batchSize }));
    this.adminRoute('POST', '/admin/config', (body) => this.configFromAdmin(body));
    this.adminRoute('GET', '/admin/config', () => this.config());
    this.adminRoute('GET', '/admin/queue', () => this.queueState());
  }

  protected handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method !== 'POST')
      return sendJson(res, 404, { error: 'not-found', message: 'POST an input to /; settings go to POST /admin/config on the admin port' });
    const sloMs = Math.min(MAX_SLO_MS, numberHeader(req, SLO_HEADER) ?? this.options.defaultSloMs);
    const timing = { arrivalMs: this.clock.now(), sentAtMs: numberHeader(req, SENT_AT_HEADER), sloMs };
    const queue = { queued: this.queue.length + this.queue.lateLength, maxQueue: this.maxQueue };
    this.handleAsync(
      res,
      this.readQueuedInstance(req, res, queue, (instance) => this.admit(instance, timing, res)),
      'edf input',
    );
  }

  /** After an in-place resize: the same model, faster or slower. */
  setCores(cores: number): void {
    const serviceTime = this.options.serviceTime;
    if (typeof serviceTime === 'function') throw new AdminInputError('cores', 'needs a latency model: start the proxy with serviceTime {model, cores}');
    this.queue.setServiceTimeEstimator(spongeServiceTime(serviceTime.model, cores));
    this.cores = cores;
  }

  private admit(instance: string, timing: RequestTiming, res: http.ServerResponse): void {
    const waiting = holdRequest(instance, res);
    const admission = this.queue.admit(waiting, timing, this.serverBusy ? this.busyUntilMs : timing.arrivalMs);
    this.metrics.budget.observe(admission.entry.budgetMs / 1000);
    res.on('close', () => this.countAnswer(admission.entry));
    this.answerAdmission(admission);
    this.pump();
  }

  private config(): { batchSize: number; cores?: number } {
    return { batchSize: this.queue.batchSize, ...(this.cores === undefined ? {} : { cores: this.cores }) };
  }

  private queueState(): unknown {
    const nowMs = this.clock.now();
    return {
      batchSize: this.queue.batchSize,
      queued: this.queue.length,
      late: this.queue.lateLength,
      budgetsMs: this.queue.queuedBudgetsMs(nowMs),
      counts: this.queue.counts(),
    };
  }

  private configFromAdmin(body: unknown): { batchSize: number; cores?: number } {
    const fields = objectBody(body, ['batchSize', 'cores']);
    // Both read before either changes: a 400 leaves the settings as they were.
    const batchSize = fields.batchSize === undefined ? undefined : integerField('batchSize', fields.batchSize, 1, MAX_BATCH_SIZE);
    const cores = fields.cores === undefined ? undefined : numberField('cores', fields.cores, MIN_CORES, MAX_CORES);
    if (cores !== undefined && typeof this.options.serviceTime === 'function') {
      throw new AdminInputError('cores', 'needs a latency model: start the proxy with serviceTime {model, cores} (--latency-model)');
    }
    if (batchSize !== undefined) this.queue.setBatchSize(batchSize);
    if (cores !== undefined) this.setCores(cores);
    this.pump();
    return this.config();
  }

  /** Answers at once a request that was dropped; late and queued ones wait for a batch. */
  private answerAdmission(admission: EdfAdmission<WaitingRequest>): void {
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
    this.queue.expire(nowMs).forEach((admission) => this.answerAdmission(admission));
    if (this.serverBusy) {
      // While a batch is in service, wake when the most urgent waiting request becomes hopeless
      // (expire() sets it aside strictly after nextExpiryMs), not only when the batch comes back.
      const expiry = this.queue.nextExpiryMs();
      if (expiry !== undefined) this.timer.schedule(expiry + 1);
      return;
    }
    const batch = this.queue.takeBatch(nowMs, true);
    if (batch) return this.send(batch, nowMs);
    const next = this.queue.nextDeadlineMs();
    if (next !== undefined) this.timer.schedule(next);
  }

  private send(batch: EdfEntry<WaitingRequest>[], nowMs: number): void {
    this.metrics.batchSize.observe(batch.length);
    const live = batch.filter((e) => awaitingAnswer(e.payload));
    if (live.length === 0) return this.pump();
    this.serverBusy = true;
    this.busyUntilMs = nowMs + this.queue.serviceTimeMs(batch.length);
    this.inService = live;
    this.armInServiceDeadline();
    const latestDeadline = Math.max(...live.map((e) => e.deadlineMs));
    const timeoutMs = this.options.upstreamTimeoutMs ?? Math.min(MAX_TIMER_MS, Math.ceil(Math.max(this.options.defaultSloMs, latestDeadline - nowMs)));
    const posted = this.batches.post(
      this.upstreamUrl,
      live.map((e) => e.payload.instance),
      timeoutMs,
    );
    void posted.then((result) =>
      this.guard('edf batch answer', () => {
        // The server is free first, whatever comes next: a hung batch never holds it beyond the timeout.
        this.serverBusy = false;
        this.inService = [];
        this.inServiceTimer.cancel();
        if (result.answered) this.upstreamAnswered();
        else if (result.status === 504) this.upstreamTimedOut();
        answerBatch(
          live.map((e) => e.payload),
          result,
          (res, status, answer, detail) => this.failRequest(res, status, answer, detail, 'edf batch'),
          (i) => ({
            [DEADLINE_HEADER]: String(live[i]?.deadlineMs),
            ...(live[i]?.late || this.clock.now() > (live[i]?.deadlineMs ?? 0) ? { [LATE_HEADER]: '1' } : {}),
          }),
        );
        this.pump();
      }),
    );
  }

  /** Policy drop: a request in service is answered 504 once its deadline has passed, not when the batch returns. */
  private armInServiceDeadline(): void {
    if (this.queue.latePolicy !== 'drop') return;
    const waiting = this.inService.filter((e) => awaitingAnswer(e.payload));
    if (waiting.length === 0) return;
    this.inServiceTimer.schedule(Math.min(...waiting.map((e) => e.deadlineMs)) + 1);
  }

  private answerPastDeadline(): void {
    const nowMs = this.clock.now();
    for (const entry of this.inService) {
      if (!awaitingAnswer(entry.payload) || nowMs <= entry.deadlineMs) continue;
      sendJson(entry.payload.res, 504, {
        error: 'deadline-passed',
        message: `the model server had not answered by the request's deadline (${entry.deadlineMs})`,
        budgetMs: entry.budgetMs,
      });
    }
    this.armInServiceDeadline();
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
