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
   * Predict URL of each replica slot; a slot serves one batch at a time. List a Service's URL n
   * times for n replicas behind it.
   */
  replicaUrls: string[];
  maxBatchSize: number;
  maxWaitMs?: number;
  clock?: Clock;
  registry?: Registry;
}

interface ReplicaSlot {
  url: string;
  busy: boolean;
}

/**
 * IPA's central queue of one stage, in front of its replicas. POST / with a JSON input waits in the
 * BatchingQueue; batches go to free replicas in TF-Serving predict format and each caller gets its
 * own prediction. POST /admin/stage {maxBatchSize?, replicaUrls?} changes the batch size and the
 * replica set; batches already on a removed replica finish there.
 */
export class StageQueueService extends HttpService {
  readonly stage: string;
  readonly queue: BatchingQueue<WaitingRequest>;
  private slots: ReplicaSlot[] = [];
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
    this.slots = options.replicaUrls.map((url) => ({ url, busy: false }));
    this.timer = new WakeupTimer(this.clock, () => this.pump());
    this.onClose(() => this.timer.cancel());
    this.metrics = new StageQueueMetrics(this.registry, this.stage, () => ({
      queued: this.queue.length,
      busyReplicas: this.slots.filter((s) => s.busy).length,
      maxBatchSize: this.queue.maxBatchSize,
    }));
  }

  setReplicas(urls: string[]): void {
    const busy = this.slots.filter((s) => s.busy);
    // A busy slot whose URL stays keeps its place (and its busy mark) so it is not double-booked.
    this.slots = urls.map((url) => {
      const i = busy.findIndex((s) => s.url === url);
      return i >= 0 ? busy.splice(i, 1)[0] : { url, busy: false };
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
    const { maxBatchSize, replicaUrls } = (body.value ?? {}) as { maxBatchSize?: unknown; replicaUrls?: unknown };
    try {
      if (maxBatchSize !== undefined) this.queue.setBatchSize(maxBatchSize as number);
      if (replicaUrls !== undefined) {
        if (!Array.isArray(replicaUrls) || !replicaUrls.every((u) => typeof u === 'string')) throw new Error('replicaUrls must be a list of URLs');
        this.setReplicas(replicaUrls);
      }
    } catch (err) {
      return sendJson(res, 400, { error: 'bad-settings', message: (err as Error).message });
    }
    this.pump();
    sendJson(res, 200, { stage: this.stage, maxBatchSize: this.queue.maxBatchSize, replicas: this.slots.length });
  }

  /** Sends every due batch to a free replica, then sleeps until the queue's next deadline. */
  private pump(): void {
    if (this.cancelledWaiting > 0) {
      this.cancelledWaiting = 0;
      this.metrics.cancelled.labels(this.stage).inc(this.queue.removeWhere((q) => q.request.cancelled).length);
    }
    for (let slot = this.freeSlot(); slot; slot = this.freeSlot()) {
      const batch = this.queue.takeBatch(this.clock.now(), true);
      if (!batch) break;
      this.send(slot, batch);
    }
    const next = this.queue.nextDeadlineMs();
    if (next !== undefined && this.freeSlot()) this.timer.schedule(next);
  }

  private send(slot: ReplicaSlot, batch: WaitingRequest[]): void {
    slot.busy = true;
    this.metrics.batchSize.labels(this.stage).observe(batch.length);
    void postBatch(slot.url, batch.map((w) => w.input), this.agent).then((result) => {
      slot.busy = false;
      answerBatch(batch, result);
      this.pump();
    });
  }

  private countAnswer(waiting: WaitingRequest): void {
    const code = waiting.cancelled ? 'cancelled' : String(waiting.res.statusCode);
    this.metrics.requests.labels(this.stage, code).inc();
    this.metrics.latency.labels(this.stage).observe(secondsSince(waiting.startNs));
  }

  private freeSlot(): ReplicaSlot | undefined {
    return this.slots.find((s) => !s.busy);
  }
}
