/**
 * How often an upscale check looks between decisions: as configured, else the scaler's default but
 * at most half the interval, so a short interval set without thinking of the check still works.
 */
export function upscalePeriodMs(every: number | undefined, intervalMs: number, defaultMs: number): number {
  return every ?? Math.min(defaultMs, intervalMs / 2);
}
