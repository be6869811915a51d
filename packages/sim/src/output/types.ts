/**
 * on-time / late: served; rejected: a full queue refused it at once; timed-out: the client gave up
 * (served or not); dropped: every other failure (no ready pod, a policy's drop, killed at the end of
 * a termination grace period, unfinished at the end of the run).
 */
export type Outcome = 'on-time' | 'late' | 'dropped' | 'rejected' | 'timed-out';

/** Whether the client got an answer (on time or late): only those have a latency. */
export function isAnswered(outcome: Outcome): boolean {
  return outcome === 'on-time' || outcome === 'late';
}

/** One request's fate, handed to an optional sink (tests, exports); never stored by the simulator. */
export interface RequestRecord {
  arrivalMs: number;
  /** When its first batch started; -1 when it never started. */
  startMs: number;
  endMs: number;
  /** Stage and deployment where it ended (served last, or dropped). */
  stage: string;
  deployment: string;
  variant: string;
  outcome: Outcome;
}

/** One row of the per-interval time series. */
export interface IntervalRow {
  startS: number;
  arrivals: number;
  completed: number;
  onTime: number;
  late: number;
  dropped: number;
  rejected: number;
  timedOut: number;
  /** (late + dropped + rejected + timed out) / every request that ended in the interval. */
  violationRate: number;
  p50Ms: number;
  p99Ms: number;
  /** Cores held on nodes, averaged over the interval. */
  meanCores: number;
  /** Pods counted by the deployments' specs at the end of the interval. */
  pods: number;
  /** Load-weighted accuracy of the batches served in the interval (see SimSummary.accuracy). */
  accuracy: number;
  /** Scaler decisions applied (plans submitted) in the interval. */
  decisions: number;
}

export interface SimSummary {
  durationS: number;
  arrived: number;
  completed: number;
  onTime: number;
  late: number;
  dropped: number;
  /** Refused at once by a full queue. */
  rejected: number;
  /** Given up by the client (ServingLimits.clientTimeoutMs); not in the latency figures. */
  timedOut: number;
  /**
   * (late + dropped + rejected + timed out) / arrived. Requests still unfinished at the end of the
   * drain count as timed out when the drain outlasts the client timeout, else as dropped.
   */
  sloViolationRate: number;
  latencyMs: { p50: number; p95: number; p99: number; mean: number; max: number };
  coreSeconds: number;
  meanCores: number;
  /**
   * Load-weighted accuracy: per stage, Σ requests served by variant v × accuracy(v) / Σ served; for a
   * pipeline, the product of the stages' values (IPA's PAS form). Dropped requests do not count.
   */
  accuracy: number;
  accuracyByStage: Record<string, number>;
  decisions: number;
  holds: number;
}
