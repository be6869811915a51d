import { servingProblem, serviceTimeMs, type LatencyProfile } from './latency-model';

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

  private cfg: ServingConfig;

  /** Throws when the profile cannot serve every batch the config allows (servingProblem). */
  constructor(
    private readonly profile: LatencyProfile,
    cfg: ServingConfig,
  ) {
    this.cfg = this.checked(cfg);
  }

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

  /** Why the profile could not serve with `cfg`, or undefined: reconfigure() refuses such a config. */
  problemWith(cfg: ServingConfig): string | undefined {
    return servingProblem(this.profile, cfg.batch, cfg.cores);
  }

  /** Changes the config (throws, changing nothing, when problemWith() finds a problem); returns the batches that start now. */
  reconfigure(cfg: ServingConfig, nowMs: number): StartedBatch[] {
    this.cfg = this.checked(cfg);
    return this.startBatches(nowMs);
  }

  private checked(cfg: ServingConfig): ServingConfig {
    const problem = this.problemWith(cfg);
    if (problem !== undefined) throw new Error(problem);
    return { ...cfg };
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
