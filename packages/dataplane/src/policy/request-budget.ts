/** What the client told us about a request's latency objective (Sponge). */
export interface RequestTiming {
  /** When the request reached us (ms). */
  arrivalMs: number;
  /** When the client sent it, by the client's clock (ms); absent when unknown. */
  sentAtMs?: number;
  /** The request's end-to-end latency objective (ms). */
  sloMs: number;
}

export interface RequestBudget {
  /** Time already spent in the network: arrival − sent, never below 0 (clock skew). */
  networkDelayMs: number;
  /** SLO − network delay: what is left for queueing and serving. */
  remainingMs: number;
  /** arrival + remaining: when the answer must be out. */
  deadlineMs: number;
}

/** Sponge's per-request budget: remaining = SLO − (arrival − sentAt); deadline = arrival + remaining. */
export function requestBudget(timing: RequestTiming): RequestBudget {
  const networkDelayMs = timing.sentAtMs === undefined ? 0 : Math.max(0, timing.arrivalMs - timing.sentAtMs);
  const remainingMs = timing.sloMs - networkDelayMs;
  return { networkDelayMs, remainingMs, deadlineMs: timing.arrivalMs + remainingMs };
}
