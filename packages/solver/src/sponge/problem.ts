import type { LatencyModel } from '@infscale/profiles';

/** Sponge's program for one pod: the fewest cores, then the smallest batch, that meet every deadline. */
export interface SpongeProblem {
  model: LatencyModel;
  /** Remaining budget (ms) of each queued request: its SLO minus the network delay it already spent. */
  queueBudgetsMs: number[];
  /** Predicted arrival rate over the next interval. */
  loadRps: number;
  intervalS: number;
  /** Budget (ms) assumed for each predicted arrival: the worst expected one. */
  arrivalBudgetMs: number;
  /** Fraction of each budget the plan may use (paper: 0.9). */
  headroom: number;
  maxCores: number;
  maxBatch: number;
}

export interface SpongeDecision {
  cores: number;
  batch: number;
  /** l(b, c) in ms */
  batchLatencyMs: number;
  /** b / l(b, c) in req/s */
  throughputRps: number;
  /** Requests planned: the queue plus ⌈λ·interval⌉ predicted arrivals. */
  requests: number;
  /** When the last batch of the plan finishes (ms from now). */
  finishMs: number;
}

export function invalidSponge(p: SpongeProblem): string | undefined {
  if (!(p.loadRps >= 0) || !Number.isFinite(p.loadRps)) return `load must be ≥ 0 req/s (got ${p.loadRps})`;
  if (!(p.intervalS > 0)) return `interval must be > 0 s (got ${p.intervalS})`;
  if (!(p.headroom > 0 && p.headroom <= 1)) return `headroom must be in (0, 1] (got ${p.headroom})`;
  if (!Number.isInteger(p.maxCores) || p.maxCores < 1) return `max cores must be a whole number ≥ 1 (got ${p.maxCores})`;
  if (!Number.isInteger(p.maxBatch) || p.maxBatch < 1) return `max batch must be a whole number ≥ 1 (got ${p.maxBatch})`;
  if (p.queueBudgetsMs.some((b) => !Number.isFinite(b))) return 'every queued budget must be a number of ms';
  if (!Number.isFinite(p.arrivalBudgetMs)) return `arrival budget must be a number of ms (got ${p.arrivalBudgetMs})`;
  const m = p.model;
  if (![m.gamma, m.delta, m.epsilon, m.eta].every(Number.isFinite)) return 'the latency model has a non-finite coefficient';
  return undefined;
}
