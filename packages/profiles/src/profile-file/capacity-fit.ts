import type { CapacityFit } from '../infadapter';

/**
 * The paper's capacity model from profiled points: least-squares capacity = slope · cores +
 * intercept over the points at one SLO, and the intercept its solver used, int(min(intercept, 0.99))
 * (truncated toward zero). One core count alone is a line through the origin.
 */
export function fitCapacity(points: readonly { cores: number; capacityRps: number }[]): CapacityFit | undefined {
  if (points.length === 0) return undefined;
  const n = points.length;
  const meanX = points.reduce((a, p) => a + p.cores, 0) / n;
  const meanY = points.reduce((a, p) => a + p.capacityRps, 0) / n;
  const sxx = points.reduce((a, p) => a + (p.cores - meanX) ** 2, 0);
  if (sxx === 0) {
    const slope = meanY / meanX;
    return slope > 0 ? { slopeRpsPerCore: slope, interceptRps: 0, interceptUsedRps: 0 } : undefined;
  }
  const slope = points.reduce((a, p) => a + (p.cores - meanX) * (p.capacityRps - meanY), 0) / sxx;
  if (!(slope > 0)) return undefined;
  const intercept = meanY - slope * meanX;
  return { slopeRpsPerCore: slope, interceptRps: intercept, interceptUsedRps: usedIntercept(intercept) };
}

/** int(min(intercept, 0.99)) as the paper's solver computed it. */
export function usedIntercept(intercept: number): number {
  return Math.trunc(Math.min(intercept, 0.99));
}
