/** Accuracy of forecasts against what happened, window by window (percentages are 0–100). */
export interface AccuracyMetrics {
  windows: number;
  /** Mean of 2|F − A| / (A + F); a window with A = F = 0 counts as exact. */
  smape: number;
  /** Mean of |F − A| / A over windows with A > 0. */
  mape: number;
  /** Share of windows with F < A: each costs SLO violations. */
  underPredictedPercent: number;
  /** 95th percentile of the shortfall max(0, A − F) over all windows, in req/s. */
  underP95Rps: number;
  /** 95th percentile of the relative shortfall max(0, A − F) / A, in %. */
  underP95Percent: number;
}

function check(actual: ArrayLike<number>, predicted: ArrayLike<number>): void {
  if (actual.length !== predicted.length) throw new RangeError(`actual has ${actual.length} windows, predicted ${predicted.length}`);
  if (actual.length === 0) throw new RangeError('no windows to score');
}

export function smape(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  check(actual, predicted);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const denom = Math.abs(actual[i]) + Math.abs(predicted[i]);
    if (denom > 0) sum += (2 * Math.abs(predicted[i] - actual[i])) / denom;
  }
  return (100 * sum) / actual.length;
}

export function mape(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  check(actual, predicted);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] > 0) {
      sum += Math.abs(predicted[i] - actual[i]) / actual[i];
      n++;
    }
  }
  return n === 0 ? 0 : (100 * sum) / n;
}

export function underPredictedPercent(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  check(actual, predicted);
  let under = 0;
  for (let i = 0; i < actual.length; i++) if (predicted[i] < actual[i]) under++;
  return (100 * under) / actual.length;
}

/** Nearest-rank percentile (q in 0..1) of the values. */
export function percentile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) throw new RangeError('percentile of no values');
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function underPredictionP95(actual: ArrayLike<number>, predicted: ArrayLike<number>, relative = false): number {
  check(actual, predicted);
  const shortfall = new Float64Array(actual.length);
  for (let i = 0; i < actual.length; i++) {
    const gap = Math.max(0, actual[i] - predicted[i]);
    shortfall[i] = relative ? (actual[i] > 0 ? (100 * gap) / actual[i] : 0) : gap;
  }
  return percentile(shortfall, 0.95);
}

export function accuracy(actual: ArrayLike<number>, predicted: ArrayLike<number>): AccuracyMetrics {
  return {
    windows: actual.length,
    smape: smape(actual, predicted),
    mape: mape(actual, predicted),
    underPredictedPercent: underPredictedPercent(actual, predicted),
    underP95Rps: underPredictionP95(actual, predicted),
    underP95Percent: underPredictionP95(actual, predicted, true),
  };
}
