import type { Measurement } from '../search/measurement';

/** What one probe's measured seconds produced, independent of any SLO. */
export interface LatencySample {
  rateRps: number;
  durationS: number;
  warmupS: number;
  /** Requests sent in the measured seconds. */
  requests: number;
  /** Of those, failed or timed out. */
  failed: number;
  /** Latencies (ms) of the answered ones, ascending. */
  latenciesMs: number[];
  /** Answers per second received in the measured seconds. */
  throughputRps: number;
}

/** Nearest-rank quantile of the sample with every failure counted as infinitely late. */
export function quantileWithFailures(s: LatencySample, q: number): number {
  if (s.requests === 0) return NaN;
  const rank = Math.min(s.requests, Math.max(1, Math.ceil(q * s.requests)));
  return rank <= s.latenciesMs.length ? s.latenciesMs[rank - 1]! : Infinity;
}

/** Requests over the SLO: answered later than it, failed or timed out. */
export function overSlo(s: LatencySample, sloMs: number): number {
  let lo = 0;
  let hi = s.latenciesMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s.latenciesMs[mid]! <= sloMs) lo = mid + 1;
    else hi = mid;
  }
  return s.failed + (s.latenciesMs.length - lo);
}

/** The sample judged against one SLO, as the search reads it. */
export function measurementOf(s: LatencySample, sloMs: number, quantile: number): Measurement {
  return {
    rateRps: s.rateRps,
    durationS: s.durationS,
    warmupS: s.warmupS,
    requests: s.requests,
    overSlo: overSlo(s, sloMs),
    quantileMs: quantileWithFailures(s, quantile),
    throughputRps: s.throughputRps,
  };
}
