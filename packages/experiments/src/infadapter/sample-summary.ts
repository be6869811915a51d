import { pooledViolations, type SampledViolations, type WindowViolations } from '../sampled-violations';
import { INFADAPTER_TARGETS } from './targets';

/** One method's run on one sampled window. */
export interface SampledInfAdapterRun extends WindowViolations {
  /** Core-seconds / the frontier's least at the run's accuracy; NaN where no allocation reaches that accuracy. */
  frontierRatio: number;
  meanCores: number;
  accuracy: number;
}

/** One method over a sample of windows. */
export interface InfAdapterSampleSummary extends SampledViolations {
  /** Over the windows with a frontier ratio: its mean, its median, and how many are within the target's 1.3. */
  meanFrontierRatio: number;
  medianFrontierRatio: number;
  windowsWithinRatio: number;
  windowsWithFrontier: number;
  meanCores: number;
  meanAccuracy: number;
}

/** The mean of the finite values (a window without a request has no accuracy). */
function mean(values: readonly number[]): number {
  const xs = values.filter((x) => Number.isFinite(x));
  return xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Pools one method's runs: request-weighted violations, the frontier ratio's mean, median and share within 1.3. Pure. */
export function summarizeInfAdapterSample(runs: readonly SampledInfAdapterRun[]): InfAdapterSampleSummary {
  const ratios = runs.map((r) => r.frontierRatio).filter((x) => Number.isFinite(x));
  return {
    ...pooledViolations(runs),
    meanFrontierRatio: mean(ratios),
    medianFrontierRatio: median(ratios),
    windowsWithinRatio: ratios.filter((x) => x <= INFADAPTER_TARGETS.costVsFrontier).length,
    windowsWithFrontier: ratios.length,
    meanCores: mean(runs.map((r) => r.meanCores)),
    meanAccuracy: mean(runs.map((r) => r.accuracy)),
  };
}
