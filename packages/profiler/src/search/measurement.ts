/** How long one probe sends and which part of it counts. */
export interface ProbeLength {
  /** Seconds whose requests are measured. */
  durationS: number;
  /** Seconds sent first and discarded, so the queue is in its steady state when measuring starts. */
  warmupS: number;
}

/** What one probe at one rate measured, judged against one SLO. */
export interface Measurement extends ProbeLength {
  /** Poisson rate sent, req/s. */
  rateRps: number;
  /** Requests sent in the measured seconds. */
  requests: number;
  /** Of those: answered after the SLO, failed or timed out. */
  overSlo: number;
  /** The latency quantile of those requests (failures and timeouts count as infinitely late), ms. */
  quantileMs: number;
  /** Answers per second received in the measured seconds. */
  throughputRps: number;
}

/** Within the SLO: the quantile latency, failures counted as infinitely late, is at most the SLO. */
export function passes(m: Measurement, sloMs: number): boolean {
  return m.requests > 0 && m.quantileMs <= sloMs;
}
