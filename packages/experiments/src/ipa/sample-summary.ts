import { IPA_TARGETS } from './targets';

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
export interface SampleSummary {
  windows: number;
  /** Violations over every request of every window, %. */
  violationPct: number;
  /** Windows over the target's 1 %. */
  windowsOverTarget: number;
  worstWindowPct: number;
  /** Mean gain captured over the windows that have a frontier, and how many do. */
  meanGain: number;
  windowsWithFrontier: number;
  meanCoresRatio: number;
}

/** Pools one method's runs: request-weighted violations, per-window counts, mean gain and cores. Pure. */
export function summarizeSample(runs: readonly SampledRun[]): SampleSummary {
  let arrived = 0;
  let violated = 0;
  let over = 0;
  let worst = 0;
  let gainSum = 0;
  let gained = 0;
  let cores = 0;
  for (const r of runs) {
    arrived += r.arrived;
    violated += (r.violationPct / 100) * r.arrived;
    if (r.violationPct > IPA_TARGETS.maxViolationPct) over++;
    worst = Math.max(worst, r.violationPct);
    if (Number.isFinite(r.gain)) {
      gainSum += r.gain;
      gained++;
    }
    cores += r.coresRatio;
  }
  return {
    windows: runs.length,
    violationPct: arrived > 0 ? (100 * violated) / arrived : 0,
    windowsOverTarget: over,
    worstWindowPct: worst,
    meanGain: gained > 0 ? gainSum / gained : NaN,
    windowsWithFrontier: gained,
    meanCoresRatio: runs.length > 0 ? cores / runs.length : NaN,
  };
}
