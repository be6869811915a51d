import { pooledViolations, type SampledViolations } from '../sampled-violations';

/** One method's run on one sampled window. */
export interface SampledRun {
  /** Requests that arrived. */
  arrived: number;
  /** SLA violations, % of the arrived requests. */
  violationPct: number;
  /** Share of the frontier's gain over FA2-low captured; NaN where the window has no feasible frontier. */
  gain: number;
  /** Mean cores / FA2-low's on the same window. */
  coresRatio: number;
}

/** One method over a sample of windows. */
export interface SampleSummary extends SampledViolations {
  /** Mean gain captured over the windows that have a frontier, and how many do. */
  meanGain: number;
  windowsWithFrontier: number;
  meanCoresRatio: number;
}

/** Pools one method's runs: request-weighted violations, per-window counts, mean gain and cores. Pure. */
export function summarizeSample(runs: readonly SampledRun[]): SampleSummary {
  let gainSum = 0;
  let gained = 0;
  let cores = 0;
  for (const r of runs) {
    if (Number.isFinite(r.gain)) {
      gainSum += r.gain;
      gained++;
    }
    cores += r.coresRatio;
  }
  return {
    ...pooledViolations(runs),
    meanGain: gained > 0 ? gainSum / gained : NaN,
    windowsWithFrontier: gained,
    meanCoresRatio: runs.length > 0 ? cores / runs.length : NaN,
  };
}
