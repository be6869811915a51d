import type { DecayingHistogram } from './decaying-histogram';

/** What the VPA recommender keeps per container (AggregateContainerState, CPU part). */
export interface CpuAggregate {
  histogram: DecayingHistogram;
  firstSampleMs: number;
  lastSampleMs: number;
  totalSamples: number;
}

export interface RecommenderSettings {
  targetPercentile: number;
  lowerBoundPercentile: number;
  upperBoundPercentile: number;
  safetyMarginFraction: number;
  /** Floor of every estimate, in cores (VPA: 25 millicores). */
  podMinCores: number;
}

export const VPA_RECOMMENDER_DEFAULTS: RecommenderSettings = {
  targetPercentile: 0.9,
  lowerBoundPercentile: 0.5,
  upperBoundPercentile: 0.95,
  safetyMarginFraction: 0.15,
  podMinCores: 0.025,
};

export interface CpuRecommendation {
  target: number;
  lowerBound: number;
  upperBound: number;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * History length in days, as the lesser of the time between the first and last samples and the
 * sample count at one per minute (estimator.go getConfidence).
 */
export function confidence(a: CpuAggregate): number {
  return Math.min((a.lastSampleMs - a.firstSampleMs) / DAY_MS, a.totalSamples / (60 * 24));
}

/** VPA resource amounts are integer millicores: scaling truncates, the final value rounds up. */
const toMillicores = (cores: number): number => Math.max(0, Math.trunc(cores * 1000));

/**
 * The recommender's estimators, composed as in logic/recommender.go: percentile → +15 % margin →
 * confidence multiplier (upper ×(1 + 1/c), lower ×(1 + 0.001/c)^−2) → at least 25 millicores.
 */
export function recommendCpu(a: CpuAggregate, s: RecommenderSettings = VPA_RECOMMENDER_DEFAULTS): CpuRecommendation {
  const withMargin = (p: number): number => {
    const base = toMillicores(a.histogram.percentile(p));
    return base + Math.trunc(base * s.safetyMarginFraction);
  };
  const c = confidence(a);
  const scaled = (m: number, multiplier: number, exponent: number): number => {
    const f = Math.pow(1 + multiplier / c, exponent);
    const v = m * f;
    return Number.isFinite(v) ? Math.trunc(v) : Number.MAX_SAFE_INTEGER;
  };
  const floor = toMillicores(s.podMinCores);
  const target = Math.max(withMargin(s.targetPercentile), floor);
  const lower = Math.max(scaled(withMargin(s.lowerBoundPercentile), 0.001, -2), floor);
  const upper = Math.max(scaled(withMargin(s.upperBoundPercentile), 1, 1), floor);
  return { target: target / 1000, lowerBound: lower / 1000, upperBound: upper === Number.MAX_SAFE_INTEGER ? Infinity : upper / 1000 };
}
