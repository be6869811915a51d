import { BatchingQueue, type QueuedRequest } from './batching-queue';
import { validateQuotas, type Quotas } from './quotas';
import { WeightedDispatcher } from './weighted-dispatcher';

/** The one queue of a stage that is not split: every replica of the stage takes from it. */
export const SHARED = '';

/**
 * IPA's central queue of one stage, which may be split between variants (the improved method): with
 * shares for two or more targets, each arriving request is assigned to a target by interleaved
 * weighted round-robin over the shares (InfAdapter's dispatcher) and waits in that target's own
 * BatchingQueue, served only by that target's replicas at its own batch size. Without shares, or with
 * one target, it is one queue (the key SHARED) that every replica of the stage takes from, as before.
 *
 * New shares keep each request where its target stays; the requests of a target that leaves are
 * assigned again by the new shares, oldest first, keeping their queueing times. Pure: the caller
 * passes the time and asks each target's queue for batches as its replicas free up.
 */
export class SplitQueue<T> {
  private readonly dispatcher = new WeightedDispatcher();
  private readonly byTarget = new Map<string, BatchingQueue<T>>();
  /** The keys of byTarget, kept as a list: the simulator asks for them on every event. */
  private targetList: readonly string[] = [SHARED];
  readonly maxWaitMs: number;

  constructor(options: { maxWaitMs?: number; shares?: Quotas }) {
    this.maxWaitMs = new BatchingQueue({ maxBatchSize: 1, maxWaitMs: options.maxWaitMs }).maxWaitMs;
    this.byTarget.set(SHARED, this.newQueue());
    if (options.shares) this.setShares(options.shares);
  }

  /** True when requests are assigned to targets by shares (two or more targets with a share). */
  get split(): boolean {
    return !this.byTarget.has(SHARED);
  }

  /** The shares in force (empty when the queue is shared). */
  shares(): Quotas {
    return this.split ? this.dispatcher.quotas() : {};
  }

  /** Requests waiting in every target's queue. */
  get length(): number {
    let n = 0;
    for (const q of this.byTarget.values()) n += q.length;
    return n;
  }

  /** Targets with a queue now (SHARED alone when not split), in the order of the shares. Do not mutate. */
  targets(): readonly string[] {
    return this.targetList;
  }

  /** The queue of a target (SHARED when not split), or undefined when it has none. */
  queue(target: string): BatchingQueue<T> | undefined {
    return this.byTarget.get(target);
  }

  /**
   * Integer shares per target (e.g. a routing's weights). Two or more positive ones split the queue;
   * fewer make it shared again. Throws naming the target when a share is not a whole number ≥ 0.
   */
  setShares(shares: Quotas | undefined): void {
    validateQuotas(shares ?? {});
    const positive = Object.fromEntries(Object.entries(shares ?? {}).filter(([, w]) => w > 0));
    const orphans: QueuedRequest<T>[] = [];
    const keep = new Map<string, BatchingQueue<T>>();
    if (Object.keys(positive).length < 2) {
      // Back to one queue: everything waiting joins it, oldest first.
      for (const q of this.byTarget.values()) orphans.push(...q.queued());
      this.dispatcher.setQuotas({});
      keep.set(SHARED, this.newQueue());
    } else {
      for (const [target, q] of this.byTarget) {
        if (target in positive) keep.set(target, q);
        else orphans.push(...q.queued());
      }
      for (const target of Object.keys(positive)) if (!keep.has(target)) keep.set(target, this.newQueue());
      this.dispatcher.setQuotas(positive);
    }
    this.byTarget.clear();
    for (const [target, q] of keep) this.byTarget.set(target, q);
    orphans.sort((a, b) => a.enqueuedAtMs - b.enqueuedAtMs);
    const moved = new Map<string, QueuedRequest<T>[]>();
    for (const o of orphans) {
      const target = this.assign();
      moved.set(target, [...(moved.get(target) ?? []), o]);
    }
    for (const [target, entries] of moved) this.byTarget.set(target, this.merged(this.byTarget.get(target)!, entries));
    this.targetList = [...this.byTarget.keys()];
  }

  /** Queues a request and returns the target it was assigned to (SHARED when not split). */
  enqueue(request: T, nowMs: number): string {
    const target = this.assign();
    this.byTarget.get(target)!.enqueue(request, nowMs);
    return target;
  }

  /** Removes the queued requests for which drop() is true, from every target's queue. */
  removeWhere(drop: (queued: QueuedRequest<T>) => boolean): QueuedRequest<T>[] {
    const out: QueuedRequest<T>[] = [];
    for (const q of this.byTarget.values()) out.push(...q.removeWhere(drop));
    return out;
  }

  /** Every queued request, target by target. */
  queued(): QueuedRequest<T>[] {
    return [...this.byTarget.values()].flatMap((q) => q.queued());
  }

  private assign(): string {
    if (!this.split) return SHARED;
    const target = this.dispatcher.next()!;
    // The dispatcher's in-flight count is not used here: a request is assigned, not sent.
    this.dispatcher.complete(target);
    return target;
  }

  private newQueue(): BatchingQueue<T> {
    return new BatchingQueue<T>({ maxBatchSize: 1, maxWaitMs: this.maxWaitMs });
  }

  /** A queue with the same batch size holding both lists in time order. */
  private merged(queue: BatchingQueue<T>, more: QueuedRequest<T>[]): BatchingQueue<T> {
    const all = [...queue.queued(), ...more].sort((a, b) => a.enqueuedAtMs - b.enqueuedAtMs);
    const out = new BatchingQueue<T>({ maxBatchSize: queue.maxBatchSize, maxWaitMs: this.maxWaitMs });
    for (const q of all) out.enqueue(q.request, q.enqueuedAtMs);
    return out;
  }
}
