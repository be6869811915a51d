/**
 * VPA's exponential bucketing (kubernetes/autoscaler, recommender/util/histogram_options.go): bucket 0
 * is [0, first); bucket n ≥ 1 starts at first·(ratio^n − 1)/(ratio − 1), so each is `ratio` times
 * wider than the one before; the last bucket start is ≥ maxValue and it has no upper bound.
 */
export class ExponentialHistogramOptions {
  readonly numBuckets: number;

  constructor(
    readonly maxValue: number,
    readonly firstBucketSize: number,
    readonly ratio: number,
    readonly epsilon: number,
  ) {
    if (!(maxValue > 0 && firstBucketSize > 0 && ratio > 1 && epsilon > 0)) throw new Error('maxValue, firstBucketSize, epsilon must be > 0 and ratio > 1');
    this.numBuckets = Math.ceil(Math.log((maxValue * (ratio - 1)) / firstBucketSize + 1) / Math.log(ratio)) + 1;
  }

  findBucket(value: number): number {
    if (value < this.firstBucketSize) return 0;
    const bucket = Math.floor(Math.log((value * (this.ratio - 1)) / this.firstBucketSize + 1) / Math.log(this.ratio));
    return Math.min(bucket, this.numBuckets - 1);
  }

  bucketStart(bucket: number): number {
    if (bucket < 0 || bucket >= this.numBuckets) throw new Error(`bucket ${bucket} out of range [0..${this.numBuckets - 1}]`);
    if (bucket === 0) return 0;
    return (this.firstBucketSize * (Math.pow(this.ratio, bucket) - 1)) / (this.ratio - 1);
  }
}

/** Minimal weight of a CPU sample (before decay); VPA's minSampleWeight. */
export const MIN_SAMPLE_WEIGHT = 0.1;

/** CPU histogram of the VPA recommender: up to 1000 cores, first bucket 0.01 core, 5 % growth. */
export const CPU_HISTOGRAM_OPTIONS = new ExponentialHistogramOptions(1000, 0.01, 1.05, 0.001 * MIN_SAMPLE_WEIGHT);

/** Default half-life of the CPU histogram's decay. */
export const CPU_HALF_LIFE_MS = 24 * 3600 * 1000;
