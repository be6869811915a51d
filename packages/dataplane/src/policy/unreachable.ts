/**
 * IPA's stages shed what cannot finish in time: a request whose deadline (the pipeline's drop limit)
 * comes before even the least time left to serve it (this stage's batch, the later stages') is late
 * whatever follows, and serving it takes a replica's time from one that can still make it. The
 * router drops such a request at the next stage boundary anyway; shedding it before its batch leaves
 * keeps the stage's capacity for the others. Pure: the simulator and the stage queue service ask it
 * the same question.
 */
export function cannotFinish(deadlineMs: number, nowMs: number, needMs: number): boolean {
  return deadlineMs - nowMs < needMs;
}

/**
 * The least of the last `size` samples (e.g. a stage's answer times, a replica's batch round trips):
 * what serving takes at best lately. Old samples leave, so a slower configuration (fewer cores, a
 * larger batch) raises it within `size` samples. Undefined before the first sample.
 */
export class RecentLeast {
  private readonly samples: number[] = [];
  private next = 0;

  constructor(readonly size = 20) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be a positive integer, got ${size}`);
  }

  add(value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    if (this.samples.length < this.size) this.samples.push(value);
    else this.samples[this.next] = value;
    this.next = (this.next + 1) % this.size;
  }

  least(): number | undefined {
    return this.samples.length === 0 ? undefined : Math.min(...this.samples);
  }
}
