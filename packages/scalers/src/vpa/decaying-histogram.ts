import type { ExponentialHistogramOptions } from './histogram-options';

/** Past this many half-lives since the reference time, weights are renormalized (VPA: 100). */
const MAX_DECAY_EXPONENT = 100;

/**
 * VPA's decaying histogram (recommender/util/decaying_histogram.go + histogram.go): a sample added at
 * time t weighs weight·2^((t − reference)/halfLife), so each half-life halves the weight of the past.
 * Percentile returns the END of the bucket where the cumulative weight reaches p·total (the start of
 * the last bucket, which has no end). Immutable from the outside: addSample returns a new histogram.
 */
export class DecayingHistogram {
  private constructor(
    readonly options: ExponentialHistogramOptions,
    readonly halfLifeMs: number,
    private readonly weights: Float64Array,
    private readonly total: number,
    private readonly minBucket: number,
    private readonly maxBucket: number,
    /** Always an integer multiple of the half-life. */
    readonly referenceMs: number,
  ) {}

  static empty(options: ExponentialHistogramOptions, halfLifeMs: number): DecayingHistogram {
    return new DecayingHistogram(options, halfLifeMs, new Float64Array(options.numBuckets), 0, options.numBuckets - 1, 0, 0);
  }

  get totalWeight(): number {
    return this.total;
  }

  isEmpty(): boolean {
    return this.weights[this.minBucket] < this.options.epsilon;
  }

  addSample(value: number, weight: number, timeMs: number): DecayingHistogram {
    if (weight < 0) throw new Error('sample weight must be non-negative');
    const h = timeMs > this.referenceMs + this.halfLifeMs * MAX_DECAY_EXPONENT ? this.shiftReference(timeMs) : this;
    const decayed = weight * Math.pow(2, (timeMs - h.referenceMs) / h.halfLifeMs);
    const weights = Float64Array.from(h.weights);
    const bucket = h.options.findBucket(value);
    weights[bucket] += decayed;
    let { minBucket, maxBucket } = h;
    if (bucket < minBucket && weights[bucket] >= h.options.epsilon) minBucket = bucket;
    if (bucket > maxBucket && weights[bucket] >= h.options.epsilon) maxBucket = bucket;
    return new DecayingHistogram(h.options, h.halfLifeMs, weights, h.total + decayed, minBucket, maxBucket, h.referenceMs);
  }

  percentile(p: number): number {
    if (this.isEmpty()) return 0;
    const threshold = p * this.total;
    let partial = 0;
    let bucket = this.minBucket;
    for (; bucket < this.maxBucket; bucket++) {
      partial += this.weights[bucket];
      if (partial >= threshold) break;
    }
    return bucket < this.options.numBuckets - 1 ? this.options.bucketStart(bucket + 1) : this.options.bucketStart(bucket);
  }

  /** Moves the reference to timeMs rounded to a half-life multiple, scaling weights by 2^−Δ. */
  private shiftReference(timeMs: number): DecayingHistogram {
    const reference = Math.round(timeMs / this.halfLifeMs) * this.halfLifeMs;
    const factor = Math.pow(2, Math.round((this.referenceMs - reference) / this.halfLifeMs));
    const weights = this.weights.map((w) => w * factor);
    let minBucket = this.minBucket;
    let maxBucket = this.maxBucket;
    const last = this.options.numBuckets - 1;
    while (weights[minBucket] < this.options.epsilon && minBucket < last) minBucket++;
    while (weights[maxBucket] < this.options.epsilon && maxBucket > 0) maxBucket--;
    return new DecayingHistogram(this.options, this.halfLifeMs, weights, this.total * factor, minBucket, maxBucket, reference);
  }
}
