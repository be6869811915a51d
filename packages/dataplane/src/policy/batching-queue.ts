import { checkBatchSize } from './batch-size';
import { Fifo } from './fifo';

export interface BatchingQueueOptions {
  /** The stage's current max batch size (IPA's b). */
  maxBatchSize: number;
  /** Longest a request waits for its batch to fill, from the oldest queued request. IPA: 1 s. */
  maxWaitMs?: number;
}

export interface QueuedRequest<T> {
  request: T;
  enqueuedAtMs: number;
}

export const DEFAULT_MAX_WAIT_MS = 1000;

/**
 * IPA's central queue of one pipeline stage: FIFO; a batch leaves when maxBatchSize requests wait or
 * the oldest has waited maxWaitMs, and only when a replica is free to take it. Pure: the caller
 * passes the time and wakes the queue at nextDeadlineMs() (a timer in the HTTP service, an event in
 * the simulator), and again whenever a replica becomes free.
 */
export class BatchingQueue<T> {
  private readonly queue = new Fifo<QueuedRequest<T>>();
  private batchSize: number;
  readonly maxWaitMs: number;
  /** The latest time the queue was told: a clock that steps back is read as standing still until it passes this again. */
  private latestMs = -Infinity;

  constructor(options: BatchingQueueOptions) {
    this.batchSize = checkBatchSize(options.maxBatchSize);
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    if (!(this.maxWaitMs >= 0)) throw new Error(`maxWaitMs must be >= 0, got ${this.maxWaitMs}`);
  }

  get length(): number {
    return this.queue.length;
  }

  get maxBatchSize(): number {
    return this.batchSize;
  }

  /** Applies to the next batch formed; requests already queued stay, in order. */
  setBatchSize(maxBatchSize: number): void {
    this.batchSize = checkBatchSize(maxBatchSize);
  }

  /** A nowMs before one already seen (a wall clock stepped back) counts as that time: FIFO order and the waits stay consistent. */
  enqueue(request: T, nowMs: number): void {
    this.queue.push({ request, enqueuedAtMs: this.observe(nowMs) });
  }

  /**
   * When takeBatch() will next yield a batch, given a free replica and no further arrivals: the
   * moment the batch filled (already past) or the oldest request's max wait. Undefined when empty.
   */
  nextDeadlineMs(): number | undefined {
    const oldest = this.queue.peek();
    if (!oldest) return undefined;
    const filledBy = this.queue.at(this.batchSize - 1);
    const timeout = oldest.enqueuedAtMs + this.maxWaitMs;
    return filledBy ? Math.min(filledBy.enqueuedAtMs, timeout) : timeout;
  }

  /** A batch (oldest first) if one is due and a replica is free to take it; otherwise undefined. */
  takeBatch(nowMs: number, freeReplica: boolean): T[] | undefined {
    if (!freeReplica) return undefined;
    const due = this.nextDeadlineMs();
    if (due === undefined || this.observe(nowMs) < due) return undefined;
    return this.queue.shift(this.batchSize).map((q) => q.request);
  }

  /** Removes the queued requests for which drop() is true (e.g. past the pipeline's drop limit). */
  removeWhere(drop: (queued: QueuedRequest<T>) => boolean): QueuedRequest<T>[] {
    return this.queue.removeWhere(drop);
  }

  /** The queue's time: nowMs, or the latest time seen if nowMs is before it. */
  private observe(nowMs: number): number {
    this.latestMs = Math.max(this.latestMs, nowMs);
    return this.latestMs;
  }

  /** Queued requests, oldest first. */
  queued(): QueuedRequest<T>[] {
    return this.queue.values();
  }
}
