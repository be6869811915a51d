/** What a MetricsSource reports about one deployment. */
export interface DeploymentUsage {
  name: string;
  /** Mean CPU cores used per pod over the last interval. */
  cpuCoresPerPod?: number;
  readyReplicas?: number;
  /** Requests arrived at this deployment per second over the last interval. */
  arrivalRps?: number;
}

/** Everything a scaler may read at one instant. Optional fields are absent when not asked for. */
export interface Observation {
  nowMs: number;
  /** Requests arrived in each whole second, oldest first, the last entry ending at nowMs. */
  arrivalsPerSecond: number[];
  /** Observed request latency over the last interval. */
  latencyMs?: { p50?: number; p95?: number; p99?: number };
  deployments?: DeploymentUsage[];
  /** Remaining latency budget (ms) of each request waiting in the queue now (Sponge). */
  queuedBudgetsMs?: number[];
  /** Remaining budgets (ms) of requests that arrived during the last interval (Sponge). */
  recentArrivalBudgetsMs?: number[];
  /** Requests waiting now in the central queues of the stages named by `wantQueueLength`, summed (IPA's backlog). */
  queuedRequests?: number;
}

export interface ObservationRequest {
  nowMs: number;
  /** Seconds of per-second arrival history wanted. */
  historySeconds: number;
  /** Deployments whose usage is wanted. */
  deployments: string[];
  /**
   * The usage of `deployments` is a refinement the scaler can do without: a deployment whose usage the
   * source cannot read is left out of `Observation.deployments` instead of failing the observation.
   */
  usageOptional?: boolean;
  /**
   * Deployments whose arrivals (and EDF queue, when wantQueue) make up the load (default: `deployments`). A scaler that creates and
   * deletes deployments (InfAdapter's variants, IPA's first stage) names every one it may run, so the
   * load is measured whichever of them runs now.
   */
  loadFrom?: string[];
  wantLatency?: boolean;
  /** Remaining budgets of the queued and recent requests (Sponge's EDF queue) → queuedBudgetsMs. */
  wantQueue?: boolean;
  /**
   * Only how many requests wait in the central queues of `stages`, summed (IPA: every stage of the
   * pipeline, its whole backlog) → queuedRequests. Cheaper than wantQueue; the stage queues' own gauge.
   */
  wantQueueLength?: { stages: string[] };
}

/** An answer from a MetricsSource: data, or why there is none (the controller then holds). */
export type ObservationResult = { kind: 'ok'; observation: Observation } | { kind: 'no-data'; reason: string };
