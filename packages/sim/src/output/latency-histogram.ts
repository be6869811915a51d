/**
 * Latency histogram with fixed log-spaced buckets: 0.1 ms to ~1.1e6 ms, 100 buckets per decade
 * (each bucket ~2.3 % wide), plus an underflow bucket. A quantile is reported as the geometric middle
 * of its bucket, so the relative error is at most ~1.2 % — the resolution the README documents.
 * Constant memory (701 counters) however many requests are recorded.
 */
export const BUCKETS_PER_DECADE = 100;
const MIN_MS = 0.1;
const DECADES = 7;
const SIZE = BUCKETS_PER_DECADE * DECADES + 1;
const SCALE = BUCKETS_PER_DECADE / Math.LN10;

export class LatencyHistogram {
  private readonly counts = new Float64Array(SIZE);
  private total = 0;
  private sum = 0;
  private maxSeen = 0;

  get count(): number {
    return this.total;
  }

  get meanMs(): number {
    return this.total > 0 ? this.sum / this.total : NaN;
  }

  get maxMs(): number {
    return this.maxSeen;
  }

  record(ms: number): void {
    let b = 0;
    if (ms >= MIN_MS) {
      b = 1 + Math.floor(Math.log(ms / MIN_MS) * SCALE);
      if (b >= SIZE) b = SIZE - 1;
    }
    this.counts[b]++;
    this.total++;
    this.sum += ms;
    if (ms > this.maxSeen) this.maxSeen = ms;
  }

  /** The q-quantile (0 < q ≤ 1) in ms, NaN when empty. */
  quantile(q: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let b = 0; b < SIZE; b++) {
      seen += this.counts[b];
      if (seen >= rank) return Math.min(bucketMiddle(b), this.maxSeen);
    }
    return this.maxSeen;
  }

  merge(other: LatencyHistogram): void {
    for (let b = 0; b < SIZE; b++) this.counts[b] += other.counts[b];
    this.total += other.total;
    this.sum += other.sum;
    this.maxSeen = Math.max(this.maxSeen, other.maxSeen);
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sum = 0;
    this.maxSeen = 0;
  }
}

function bucketMiddle(b: number): number {
  if (b === 0) return MIN_MS / 2;
  return MIN_MS * Math.exp((b - 0.5) / SCALE);
}
