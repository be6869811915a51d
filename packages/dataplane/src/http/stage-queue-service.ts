import type * as http from 'node:http';
import { type Clock, systemClock } from '@infscale/core';
import type { Registry } from 'prom-client';
import { BatchingQueue } from '../policy/batching-queue';
import { postBatch } from './batch-protocol';
import { HttpService, readJson, secondsSince, sendJson } from './http-service';
import { StageQueueMetrics } from './stage-queue-metrics';
import { WakeupTimer } from './wakeup-timer';
import { answerBatch, holdRequest, type WaitingRequest } from './waiting-request';

export interface StageQueueServiceOptions {
  stage: string;
  /**
   * Predict URL of each upstream: a replica, or a Service with the stage's replicas behind it. Each
   * entry takes up to `maxInFlightPerUrl` batches at once (a URL listed twice counts twice).
   */
  replicaUrls: string[];
  maxBatchSize: number;
  /** Batches in flight at once on each entry of replicaUrls (default 1): a Service's replica count. */
  maxInFlightPerUrl?: number;
  maxWaitMs?: number;
  clock?: Clock;
  registry?: Registry;
}

interface Upstream {
  url: string;
  /** Batches sent to this URL and not yet answered. */
  inFlight: number;
}

/** The in-flight limit per URL: an integer >= 1; the message names the field. */
export function checkMaxInFlightPerUrl(n: unknown): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) throw new Error(`maxInFlightPerUrl must be an integer >= 1, got ${JSON.stringify(n)}`);
  return n;
}

/**
 * IPA's central queue of one stage, in front of its replicas. POST / with a JSON input waits in the
 * BatchingQueue; batches go to free replicas in TF-Serving predict format and each caller gets its
 * own prediction. Each upstream URL takes up to maxInFlightPerUrl batches at once; a free place on
 * any URL takes the next batch. POST /admin/stage {maxBatchSize?, replicaUrls?, maxInFlightPerUrl?}
 * changes them; batches already in flight finish where they are, whatever the new settings.
 */
export class StageQueueService extends HttpService {
  readonly stage: string;
  readonly queue: BatchingQueue<WaitingRequest>;
  private upstreams: Upstream[] = [];
  private inFlightLimit: number;
  private readonly clock: Clock;
  private readonly timer: WakeupTimer;
  private readonly metrics: StageQueueMetrics;
  /** Cancelled requests still in the queue: purged before the next batch forms. */
  private cancelledWaiting = 0;

  constructor(options: StageQueueServiceOptions) {
    super(options.registry);
    this.stage = options.stage;
    this.clock = options.clock ?? systemClock;
    this.queue = new BatchingQueue({ maxBatchSize: options.maxBatchSize, maxWaitMs: options.maxWaitMs });
    this.inFlightLimit = checkMaxInFlightPerUrl(options.maxInFlightPerUrl ?? 1);
    this.upstreams = options.replicaUrls.map((url) => ({ url, inFlight: 0 }));
    this.timer = new WakeupTimer(this.clock, () => this.pump());
    this.onClose(() => this.timer.cancel());
    this.metrics = new StageQueueMetrics(this.registry, this.stage, () => ({
      queued: this.queue.length,
      inFlightBatches: this.upstreams.reduce((sum, u) => sum + u.inFlight, 0),
      maxBatchSize: this.queue.maxBatchSize,
      maxInFlightPerUrl: this.inFlightLimit,
    }));
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
    const previous = [...this.upstreams];
    // A URL that stays keeps its in-flight count, so it is not overbooked.
    this.upstreams = urls.map((url) => {
      const i = previous.findIndex((u) => u.url === url);
      return i >= 0 ? previous.splice(i, 1)[0] : { url, inFlight: 0 };
    });
    this.pump();
  }

  protected handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.url === '/admin/stage' && req.method === 'POST') void this.handleAdmin(req, res);
    else if (req.method === 'POST') void this.handleInput(req, res);
    else sendJson(res, 404, { error: 'not-found', message: 'POST an input to / or settings to /admin/stage' });
  }

  private async handleInput(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readJson(req, res);
    if (!body) return;
    const waiting = holdRequest(body.value, res, () => this.cancelledWaiting++);
    res.on('close', () => this.countAnswer(waiting));
    this.queue.enqueue(waiting, this.clock.now());
    this.pump();
  }

  private async handleAdmin(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readJson(req, res);
    if (!body) return;
    const { maxBatchSize, replicaUrls, maxInFlightPerUrl } = (body.value ?? {}) as { maxBatchSize?: unknown; replicaUrls?: unknown; maxInFlightPerUrl?: unknown };
    try {
      // Validate everything before changing anything: a 400 leaves the settings as they were.
      const inFlightLimit = maxInFlightPerUrl === undefined ? undefined : checkMaxInFlightPerUrl(maxInFlightPerUrl);
      if (replicaUrls !== undefined && (!Array.isArray(replicaUrls) || !replicaUrls.every((u) => typeof u === 'string'))) throw new Error('replicaUrls must be a list of URLs');
      if (maxBatchSize !== undefined) this.queue.setBatchSize(maxBatchSize as number);
      if (inFlightLimit !== undefined) this.inFlightLimit = inFlightLimit;
      if (replicaUrls !== undefined) this.setReplicas(replicaUrls as string[]);
    } catch (err) {
      return sendJson(res, 400, { error: 'bad-settings', message: (err as Error).message });
    }
    this.pump();
    sendJson(res, 200, { stage: this.stage, maxBatchSize: this.queue.maxBatchSize, replicas: this.upstreams.length, maxInFlightPerUrl: this.inFlightLimit });
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
    void postBatch(upstream.url, batch.map((w) => w.input), this.agent).then((result) => {
      upstream.inFlight--;
      answerBatch(batch, result);
      this.pump();
    });
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
