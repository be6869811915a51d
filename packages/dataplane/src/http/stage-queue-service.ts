import type * as http from 'node:http';
import { type Clock, systemClock } from '@infscale/core';
import { BatchingQueue } from '../policy/batching-queue';
import { MAX_BATCH_SIZE } from '../policy/batch-size';
import { httpUrlField, integerField, listField, objectBody } from './admin-input';
import { postBatch } from './batch-protocol';
import { DEFAULT_MAX_QUEUE, DEFAULT_UPSTREAM_TIMEOUT_MS, HttpService, type HttpServiceOptions } from './http-service';
import { secondsSince, sendJson } from './responses';
import { StageQueueMetrics } from './stage-queue-metrics';
import { MAX_TIMER_MS, WakeupTimer } from './wakeup-timer';
import { answerBatch, holdRequest, type WaitingRequest } from './waiting-request';

/** Most batches one upstream URL may have in flight: replicas behind one Service. */
export const MAX_IN_FLIGHT_PER_URL = 1024;

export interface StageQueueServiceOptions extends HttpServiceOptions {
  stage: string;
  /**
   * Predict URL of each upstream (http:// only): a replica, or a Service with the stage's replicas
   * behind it. Each entry takes up to `maxInFlightPerUrl` batches at once (a URL listed twice counts twice).
   */
  replicaUrls: string[];
  maxBatchSize: number;
  /** Batches in flight at once on each entry of replicaUrls (default 1): a Service's replica count. */
  maxInFlightPerUrl?: number;
  maxWaitMs?: number;
  /** Requests waiting at most; more get 503 (default 1000). */
  maxQueue?: number;
  /** A batch not answered by then is cut off, its requests get 504 and its URL takes the next batch (default 30 s). */
  upstreamTimeoutMs?: number;
  clock?: Clock;
}

interface Upstream {
  url: string;
  /** Batches sent to this URL and not yet answered. */
  inFlight: number;
}

/** The in-flight limit per URL: an integer from 1 to MAX_IN_FLIGHT_PER_URL; the message names the field. */
export function checkMaxInFlightPerUrl(n: unknown): number {
  return integerField('maxInFlightPerUrl', n, 1, MAX_IN_FLIGHT_PER_URL);
}

/** Replica URLs: 1 to 256 http:// URLs (none would leave every request waiting forever). */
function checkReplicaUrls(urls: unknown): string[] {
  return listField('replicaUrls', urls, 1).map((url, i) => httpUrlField(`replicaUrls.${i}`, url));
}

/**
 * IPA's central queue of one stage, in front of its replicas. POST / with a JSON input waits in the
 * BatchingQueue (up to maxQueue; 503 past it); batches go to free replicas in TF-Serving predict
 * format and each caller gets its own prediction. Each upstream URL takes up to maxInFlightPerUrl
 * batches at once; a free place on any URL takes the next batch; a batch not answered within the
 * upstream timeout is answered 504 and frees its place. On the admin port, POST /admin/stage
 * {maxBatchSize?, replicaUrls?, maxInFlightPerUrl?} changes them (GET shows them); batches already
 * in flight finish where they are, whatever the new settings.
 */
export class StageQueueService extends HttpService {
  readonly stage: string;
  readonly queue: BatchingQueue<WaitingRequest>;
  readonly maxQueue: number;
  readonly upstreamTimeoutMs: number;
  private upstreams: Upstream[] = [];
  private inFlightLimit: number;
  private readonly clock: Clock;
  private readonly timer: WakeupTimer;
  private readonly metrics: StageQueueMetrics;
  /** Cancelled requests still in the queue: purged before the next batch forms. */
  private cancelledWaiting = 0;

  constructor(options: StageQueueServiceOptions) {
    super(options);
    this.stage = options.stage;
    this.clock = options.clock ?? systemClock;
    this.queue = new BatchingQueue({ maxBatchSize: options.maxBatchSize, maxWaitMs: options.maxWaitMs });
    this.inFlightLimit = checkMaxInFlightPerUrl(options.maxInFlightPerUrl ?? 1);
    this.maxQueue = integerField('maxQueue', options.maxQueue ?? DEFAULT_MAX_QUEUE, 1, Number.MAX_SAFE_INTEGER);
    this.upstreamTimeoutMs = integerField('upstreamTimeoutMs', options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS, 1, MAX_TIMER_MS);
    // An empty list is allowed in process (tests, a queue told its replicas later), never through the admin endpoint.
    this.upstreams = (options.replicaUrls.length === 0 ? [] : checkReplicaUrls(options.replicaUrls)).map((url) => ({ url, inFlight: 0 }));
    this.timer = new WakeupTimer(this.clock, () => this.guard('stage queue wake-up', () => this.pump()));
    this.onClose(() => this.timer.cancel());
    this.metrics = new StageQueueMetrics(this.registry, this.stage, () => ({
      queued: this.queue.length,
      inFlightBatches: this.upstreams.reduce((sum, u) => sum + u.inFlight, 0),
      maxBatchSize: this.queue.maxBatchSize,
      maxInFlightPerUrl: this.inFlightLimit,
    }));
    this.adminRoute('POST', '/admin/stage', (body) => this.settingsFromAdmin(body));
    this.adminRoute('GET', '/admin/stage', () => this.settings());
  }

  get maxInFlightPerUrl(): number {
    return this.inFlightLimit;
  }

  /**
   * From now on each URL takes up to n batches at once. Lowering it drops nothing: batches in flight
   * finish, and a URL takes new ones once it is under the limit again.
   */
  setMaxInFlightPerUrl(n: number): void {
    this.inFlightLimit = checkMaxInFlightPerUrl(n);
    this.pump();
  }

  setReplicas(urls: string[]): void {
    const checked = checkReplicaUrls(urls);
    const previous = [...this.upstreams];
    // A URL that stays keeps its in-flight count, so it is not overbooked.
    this.upstreams = checked.map((url) => {
      const i = previous.findIndex((u) => u.url === url);
      return i >= 0 ? (previous.splice(i, 1)[0] as Upstream) : { url, inFlight: 0 };
    });
    this.pump();
  }

  protected handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method !== 'POST') return sendJson(res, 404, { error: 'not-found', message: 'POST an input to /; settings go to POST /admin/stage on the admin port' });
    if (this.queue.length >= this.maxQueue) return this.rejectQueueFull(req, res, this.maxQueue);
    this.handleAsync(res, this.handleInput(req, res), 'stage queue input');
  }

  private async handleInput(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await this.readInput(req, res);
    if (!body) return;
    const waiting = holdRequest(body.value, res, () => this.cancelledWaiting++);
    res.on('close', () => this.countAnswer(waiting));
    this.queue.enqueue(waiting, this.clock.now());
    this.pump();
  }

  private settings(): { stage: string; maxBatchSize: number; replicas: number; replicaUrls: string[]; maxInFlightPerUrl: number } {
    return { stage: this.stage, maxBatchSize: this.queue.maxBatchSize, replicas: this.upstreams.length, replicaUrls: this.upstreams.map((u) => u.url), maxInFlightPerUrl: this.inFlightLimit };
  }

  private settingsFromAdmin(body: unknown): ReturnType<StageQueueService['settings']> {
    const fields = objectBody(body, ['maxBatchSize', 'replicaUrls', 'maxInFlightPerUrl']);
    // Every field is read before anything changes: a 400 leaves the settings as they were.
    const maxBatchSize = fields.maxBatchSize === undefined ? undefined : integerField('maxBatchSize', fields.maxBatchSize, 1, MAX_BATCH_SIZE);
    const inFlightLimit = fields.maxInFlightPerUrl === undefined ? undefined : checkMaxInFlightPerUrl(fields.maxInFlightPerUrl);
    const replicaUrls = fields.replicaUrls === undefined ? undefined : checkReplicaUrls(fields.replicaUrls);
    if (maxBatchSize !== undefined) this.queue.setBatchSize(maxBatchSize);
    if (inFlightLimit !== undefined) this.inFlightLimit = inFlightLimit;
    if (replicaUrls !== undefined) this.setReplicas(replicaUrls);
    this.pump();
    return this.settings();
  }

  /** Sends every due batch to a URL under its in-flight limit, then sleeps until the queue's next deadline. */
  private pump(): void {
    if (this.cancelledWaiting > 0) {
      this.cancelledWaiting = 0;
      this.metrics.cancelled.labels(this.stage).inc(this.queue.removeWhere((q) => q.request.cancelled).length);
    }
    for (let upstream = this.freeUpstream(); upstream; upstream = this.freeUpstream()) {
      const batch = this.queue.takeBatch(this.clock.now(), true);
      if (!batch) break;
      this.send(upstream, batch);
    }
    const next = this.queue.nextDeadlineMs();
    if (next !== undefined && this.freeUpstream()) this.timer.schedule(next);
  }

  private send(upstream: Upstream, batch: WaitingRequest[]): void {
    upstream.inFlight++;
    this.metrics.batchSize.labels(this.stage).observe(batch.length);
    const limits = { timeoutMs: this.upstreamTimeoutMs, maxAnswerBytes: this.maxBodyBytes * batch.length };
    void postBatch(upstream.url, batch.map((w) => w.input), this.agent, limits).then((result) =>
      this.guard(`stage ${this.stage} batch answer`, () => {
        // The place is freed first, whatever comes next: a hung batch never holds its URL beyond the timeout.
        upstream.inFlight--;
        if (result.answered) this.upstreamAnswered();
        else if (result.status === 504) this.upstreamTimedOut();
        answerBatch(batch, result);
        this.pump();
      }),
    );
  }

  private countAnswer(waiting: WaitingRequest): void {
    const code = waiting.cancelled ? 'cancelled' : String(waiting.res.statusCode);
    this.metrics.requests.labels(this.stage, code).inc();
    this.metrics.latency.labels(this.stage).observe(secondsSince(waiting.startNs));
  }

  /** The URL with the fewest batches in flight among those under the limit (the first on a tie). */
  private freeUpstream(): Upstream | undefined {
    let best: Upstream | undefined;
    for (const u of this.upstreams) if (u.inFlight < this.inFlightLimit && (!best || u.inFlight < best.inFlight)) best = u;
    return best;
  }
}
