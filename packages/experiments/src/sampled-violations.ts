/** Violations, % of a window's arrived requests, and how many arrived. */
export interface WindowViolations {
  arrived: number;
  violationPct: number;
}

/** A method's violations over a sample of windows. */
export interface SampledViolations {
  windows: number;
  /** Violations over every request of every window, %. */
  violationPct: number;
  /** Windows over the 1 % both scalers' targets allow. */
  windowsOverTarget: number;
  worstWindowPct: number;
}

/** The SLO/SLA target of issue #19 for both scalers, % of requests. */
export const SAMPLE_VIOLATION_TARGET_PCT = 1;

/** Pools violations by requests (a busy window weighs more) and counts the windows over 1 %. Pure. */
export function pooledViolations(runs: readonly WindowViolations[]): SampledViolations {
  let arrived = 0;
  let violated = 0;
  let over = 0;
  let worst = 0;
  for (const r of runs) {
    arrived += r.arrived;
    violated += (r.violationPct / 100) * r.arrived;
    if (r.violationPct > SAMPLE_VIOLATION_TARGET_PCT) over++;
    worst = Math.max(worst, r.violationPct);
  }
  return { windows: runs.length, violationPct: arrived > 0 ? (100 * violated) / arrived : 0, windowsOverTarget: over, worstWindowPct: worst };
}
