import { BinaryHeap } from './binary-heap';
import { checkBatchSize } from './batch-size';
import { Fifo } from './fifo';
import { type RequestTiming, requestBudget } from './request-budget';

/** Estimated time (ms) to serve a batch of this many requests at the server's current size. */
export type ServiceTimeEstimator = (batchSize: number) => number;

/** What to do with a request that cannot meet its deadline even if served next. */
export type LatePolicy = 'drop' | 'serve-late';

export interface EdfQueueOptions {
  batchSize: number;
  serviceTimeMs: ServiceTimeEstimator;
  /** Default 'drop'. */
  latePolicy?: LatePolicy;
}

export interface EdfEntry<T> {
  payload: T;
  arrivalMs: number;
  deadlineMs: number;
  /** Budget left at arrival (SLO − network delay). */
  budgetMs: number;
  /** Arrival order, the tie-break between equal deadlines. */
  seq: number;
  /** Set aside as unable to meet its deadline (dropped, or in the late lane). */
  late: boolean;
}

/**
 * queued: waits in deadline order. late: cannot make its deadline; under 'serve-late' it waits in a
 * lane served only when no on-time request waits, so it never delays them. dropped: answer it now.
 */
export type EdfAdmission<T> =
  { kind: 'queued'; entry: EdfEntry<T> } | { kind: 'late'; entry: EdfEntry<T> } | { kind: 'dropped'; entry: EdfEntry<T>; reason: string };

export interface EdfCounts {
  admitted: number;
  late: number;
  dropped: number;
  batches: number;
}

/**
 * Sponge's queue: earliest deadline first with dynamic batching and deadline-aware admission.
 * A batch is the up-to-batchSize most urgent requests; it leaves when full, or at the latest moment
 * that still lets its most urgent request finish: deadline − serviceTime(batchSize) (the batch may
 * still fill before then, so the full size is assumed). A request that cannot finish by its deadline
 * even if served alone right away is dropped or sent to the late lane, at admission and again at
 * each expire() (requests can become hopeless while waiting).
 */
export class EdfQueue<T> {
  private readonly heap = new BinaryHeap<EdfEntry<T>>((a, b) => a.deadlineMs - b.deadlineMs || a.seq - b.seq);
  private readonly lateLane = new Fifo<EdfEntry<T>>();
  private size: number;
  private estimate: ServiceTimeEstimator;
  readonly latePolicy: LatePolicy;
  private seq = 0;
  private lastAdmitMs = -Infinity;
  private readonly tally: EdfCounts = { admitted: 0, late: 0, dropped: 0, batches: 0 };

  constructor(options: EdfQueueOptions) {
    this.size = checkBatchSize(options.batchSize);
    this.estimate = options.serviceTimeMs;
    this.latePolicy = options.latePolicy ?? 'drop';
  }

  get batchSize(): number {
    return this.size;
  }

  /** On-time requests waiting (the late lane not included). */
  get length(): number {
    return this.heap.size;
  }

  get lateLength(): number {
    return this.lateLane.length;
  }

  setBatchSize(batchSize: number): void {
    this.size = checkBatchSize(batchSize);
  }

  /** After a resize: the server's speed changed, so every deadline decision must use the new one. */
  setServiceTimeEstimator(estimator: ServiceTimeEstimator): void {
    this.estimate = estimator;
  }

  serviceTimeMs(batchSize: number): number {
    return this.estimate(batchSize);
  }

  /**
   * Admits a request arriving at timing.arrivalMs. earliestStartMs (default: arrival) is when the
   * server could start it if it went next: pass the busy server's finish time to be stricter.
   */
  admit(payload: T, timing: RequestTiming, earliestStartMs = timing.arrivalMs): EdfAdmission<T> {
    const budget = requestBudget(timing);
    const entry: EdfEntry<T> = {
      payload,
      arrivalMs: timing.arrivalMs,
      deadlineMs: budget.deadlineMs,
      budgetMs: budget.remainingMs,
      seq: this.seq++,
      late: false,
    };
    this.tally.admitted++;
    this.lastAdmitMs = Math.max(this.lastAdmitMs, timing.arrivalMs);
    const startMs = Math.max(earliestStartMs, timing.arrivalMs);
    if (this.hopeless(entry, startMs)) return this.setAside(entry, startMs);
    this.heap.push(entry);
    return { kind: 'queued', entry };
  }

  /** Moves every waiting request that can no longer make its deadline out of the EDF order. */
  expire(nowMs: number): EdfAdmission<T>[] {
    const out: EdfAdmission<T>[] = [];
    for (let top = this.heap.peek(); top && this.hopeless(top, nowMs); top = this.heap.peek()) {
      out.push(this.setAside(this.heap.pop() as EdfEntry<T>, nowMs));
    }
    return out;
  }

  /**
   * When takeBatch() will next yield a batch given a free server and no further arrivals; a value at
   * or before now means "now". Undefined when nothing waits.
   */
  nextDeadlineMs(): number | undefined {
    const urgent = this.heap.peek();
    if (!urgent) return this.lateLane.length > 0 ? this.lateLane.peek()?.arrivalMs : undefined;
    const latestStart = urgent.deadlineMs - this.estimate(this.size);
    return this.heap.size >= this.size ? Math.min(this.lastAdmitMs, latestStart) : latestStart;
  }

  /**
   * When expire() will next set a waiting request aside: the most urgent one's deadline less the
   * time of a batch of one. Undefined when no on-time request waits. The HTTP proxy wakes at it even
   * while the server is busy, so a request that can no longer make it is answered then, not after
   * the batch in service comes back.
   */
  nextExpiryMs(): number | undefined {
    const urgent = this.heap.peek();
    return urgent === undefined ? undefined : urgent.deadlineMs - this.estimate(1);
  }

  /** The next batch, most urgent first, if one is due and the server is free; otherwise undefined. */
  takeBatch(nowMs: number, serverFree: boolean): EdfEntry<T>[] | undefined {
    if (!serverFree) return undefined;
    const due = this.nextDeadlineMs();
    if (due === undefined || nowMs < due) return undefined;
    const batch: EdfEntry<T>[] = [];
    if (this.heap.size > 0) {
      while (batch.length < this.size && this.heap.size > 0) batch.push(this.heap.pop() as EdfEntry<T>);
    } else {
      batch.push(...this.lateLane.shift(this.size));
    }
    this.tally.batches++;
    return batch;
  }

  /** Remaining budget (deadline − now, ms) of every on-time request waiting, most urgent first. */
  queuedBudgetsMs(nowMs: number): number[] {
    return this.heap
      .values()
      .map((e) => e.deadlineMs)
      .sort((a, b) => a - b)
      .map((d) => d - nowMs);
  }

  counts(): EdfCounts {
    return { ...this.tally };
  }

  /** Cannot finish by its deadline even as a batch of one starting at startMs. */
  private hopeless(entry: EdfEntry<T>, startMs: number): boolean {
    return startMs + this.estimate(1) > entry.deadlineMs;
  }

  private setAside(entry: EdfEntry<T>, startMs: number): EdfAdmission<T> {
    entry.late = true;
    if (this.latePolicy === 'serve-late') {
      this.tally.late++;
      this.lateLane.push(entry);
      return { kind: 'late', entry };
    }
    this.tally.dropped++;
    const lateByMs = startMs + this.estimate(1) - entry.deadlineMs;
    const reason = `cannot finish by its deadline: served alone at once it would still be ${lateByMs} ms late`;
    return { kind: 'dropped', entry, reason };
  }
}
