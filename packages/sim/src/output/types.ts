export type Outcome = 'on-time' | 'late' | 'dropped';

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
  /** (late + dropped) / (completed + dropped) of the requests that ended in the interval. */
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
  /** (late + dropped) / arrived: requests still unfinished at the end of the drain count as dropped. */
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
