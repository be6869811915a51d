import { serviceTimeMs, type LatencyProfile } from './latency-model';

/** What the emulated server runs with; changed at run time by POST /admin/config. */
export interface ServingConfig {
  cores: number;
  /** Largest batch a worker forms. */
  batch: number;
  /** Batches served at the same time (model-server instances / inter-op parallelism). */
  workers: number;
}

export interface StartedBatch {
  id: number;
  requestIds: number[];
  startMs: number;
  endMs: number;
}

/**
 * The serving-time model, pure and driven by the caller's clock: requests queue in FIFO order; a free
 * worker takes up to `batch` of them at once (no waiting for a full batch) and is busy for
 * serviceTimeMs(taken, cores). Config changes apply to batches that start afterwards, as a resize
 * does not speed up a batch already running.
 */
export class ServingQueue {
  private readonly waiting: number[] = [];
  private readonly running = new Map<number, StartedBatch>();
  private nextBatchId = 1;

  constructor(
    private readonly profile: LatencyProfile,
    private cfg: ServingConfig,
  ) {}

  get config(): ServingConfig {
    return { ...this.cfg };
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Requests waiting plus requests being served. */
  get inFlight(): number {
    let serving = 0;
    for (const b of this.running.values()) serving += b.requestIds.length;
    return this.waiting.length + serving;
  }

  /** Adds a request; returns the batches that start now. */
  arrive(requestId: number, nowMs: number): StartedBatch[] {
    this.waiting.push(requestId);
    return this.startBatches(nowMs);
  }

  /** Marks a batch done; returns it and the batches that start now on the freed worker. */
  complete(batchId: number, nowMs: number): { done: StartedBatch; started: StartedBatch[] } {
    const done = this.running.get(batchId);
    if (!done) throw new Error(`batch ${batchId} is not running`);
    this.running.delete(batchId);
    return { done, started: this.startBatches(nowMs) };
  }

  reconfigure(cfg: ServingConfig, nowMs: number): StartedBatch[] {
    this.cfg = { ...cfg };
    return this.startBatches(nowMs);
  }

  private startBatches(nowMs: number): StartedBatch[] {
    const started: StartedBatch[] = [];
    while (this.running.size < this.cfg.workers && this.waiting.length > 0) {
      const requestIds = this.waiting.splice(0, this.cfg.batch);
      const batch = { id: this.nextBatchId++, requestIds, startMs: nowMs, endMs: nowMs + serviceTimeMs(this.profile, requestIds.length, this.cfg.cores) };
      this.running.set(batch.id, batch);
      started.push(batch);
    }
    return started;
  }
}
