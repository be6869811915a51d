import type { Rng } from '../engine/random';

/** Mean and (when the profile knows it) p99 time to serve one batch on one worker of a pod, in ms. */
export interface BatchTime {
  meanMs: number;
  p99Ms?: number;
}

/**
 * How long a pod of `variant` with `cores` takes to serve a batch: the simulator's only view of the
 * profiles. A pod runs `workers` batches at once (TF-Serving spreads requests over its cores; a
 * batching server runs one batch on all of them).
 */
export interface ServiceModel {
  workers(variant: string, cores: number): number;
  batchTime(variant: string, batchSize: number, cores: number): BatchTime;
}

/**
 * deterministic: every batch takes the mean.
 * shifted-exponential: shift + Exp(θ) with shift + θ = mean and shift + θ·ln(100) = p99, i.e.
 * θ = (p99 − mean) / (ln 100 − 1): the profiled mean and p99 are both kept. Falls back to the mean
 * when the profile has no p99 or p99 ≤ mean.
 */
export type ServiceDistribution = 'deterministic' | 'shifted-exponential';

const LN100_MINUS_1 = Math.log(100) - 1;

/** Shift and exponential scale (ms) for one batch time under a distribution. */
export function distributionParams(time: BatchTime, distribution: ServiceDistribution): { shiftMs: number; scaleMs: number } {
  if (distribution === 'deterministic' || time.p99Ms === undefined || !(time.p99Ms > time.meanMs)) {
    return { shiftMs: time.meanMs, scaleMs: 0 };
  }
  const scaleMs = Math.min(time.meanMs, (time.p99Ms - time.meanMs) / LN100_MINUS_1);
  return { shiftMs: time.meanMs - scaleMs, scaleMs };
}

/** Precomputed service times of one pod for batch sizes 1..maxBatch at its current cores. */
export class PodServiceTimes {
  private shift = new Float64Array(2);
  private scale = new Float64Array(2);
  private random = false;

  constructor(
    private readonly model: ServiceModel,
    private readonly distribution: ServiceDistribution,
  ) {}

  /** Recomputes after a resize or a batch change. Returns the worker count for the cores. */
  configure(variant: string, maxBatch: number, cores: number): number {
    this.shift = new Float64Array(maxBatch + 1);
    this.scale = new Float64Array(maxBatch + 1);
    this.random = false;
    for (let k = 1; k <= maxBatch; k++) {
      const p = distributionParams(this.model.batchTime(variant, k, cores), this.distribution);
      if (!(p.shiftMs > 0) || !Number.isFinite(p.shiftMs)) {
        throw new Error(`service time of ${variant} (batch ${k}, ${cores} cores) is not a positive number: ${p.shiftMs}`);
      }
      this.shift[k] = p.shiftMs;
      this.scale[k] = p.scaleMs;
      if (p.scaleMs > 0) this.random = true;
    }
    return Math.max(1, this.model.workers(variant, cores));
  }

  /** Mean batch time; sizes past the configured maximum cost as the maximum does. */
  meanMs(batchSize: number): number {
    const k = Math.max(1, Math.min(batchSize, this.shift.length - 1));
    return this.shift[k] + this.scale[k];
  }

  /** A batch's time; one larger than the configured maximum is a policy's mistake, and would otherwise cost too little. */
  sample(batchSize: number, rng: Rng): number {
    if (!(batchSize >= 1 && batchSize < this.shift.length)) {
      throw new Error(`a batch of ${batchSize} on a pod configured for batches of 1 to ${this.shift.length - 1}`);
    }
    return this.random ? this.shift[batchSize] + this.scale[batchSize] * rng.exp() : this.shift[batchSize];
  }
}
