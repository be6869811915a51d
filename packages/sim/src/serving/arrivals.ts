import type { Rng } from '../engine/random';

/**
 * Arrival times from a per-second trace. Second s carries exactly counts[s] requests, placed by
 * exponential gaps normalized to the second: n+1 exponential gaps, cumulated and divided by their sum,
 * are the order statistics of n uniform points — a Poisson process conditioned on its count, so the
 * trace's per-second totals are kept exactly. Generated one second at a time (bounded memory).
 */
export class ArrivalStream {
  private buf = new Float64Array(64);
  private n = 0;
  private i = 0;
  private second = -1;

  constructor(
    private readonly counts: ArrayLike<number>,
    private readonly rng: Rng,
  ) {
    this.fill(0);
  }

  /** Time (ms) of the next arrival, Infinity after the trace ends. */
  peek(): number {
    return this.i < this.n ? this.buf[this.i] : Infinity;
  }

  /** Consumes the next arrival and returns its time. */
  take(): number {
    const t = this.buf[this.i++];
    if (this.i >= this.n) this.fill(this.second + 1);
    return t;
  }

  /** The second the stream is in (arrivals of earlier seconds are all taken). */
  get currentSecond(): number {
    return this.second;
  }

  private fill(from: number): void {
    const counts = this.counts;
    let s = from;
    while (s < counts.length && !(counts[s] > 0)) s++;
    this.second = s;
    this.i = 0;
    this.n = 0;
    if (s >= counts.length) return;
    const n = Math.trunc(counts[s]);
    if (n > this.buf.length) this.buf = new Float64Array(Math.max(n, this.buf.length * 2));
    const buf = this.buf;
    const rng = this.rng;
    let acc = 0;
    for (let k = 0; k < n; k++) {
      acc += rng.exp();
      buf[k] = acc;
    }
    const scale = 1000 / (acc + rng.exp());
    const base = s * 1000;
    for (let k = 0; k < n; k++) buf[k] = base + buf[k] * scale;
    this.n = n;
  }
}
