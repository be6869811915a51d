/** SMAPE of one forecast against one actual, as a fraction (0..2); 0 when both are 0 (metrics.ts). */
function windowSmape(actual: number, forecast: number): number {
  const denom = actual + forecast;
  return denom > 0 ? (2 * Math.abs(forecast - actual)) / denom : 0;
}

/** Expected SMAPE (fraction) of `forecast` when the actual is m with probability pmf[m]. */
export function expectedSmape(pmf: ArrayLike<number>, forecast: number): number {
  let sum = 0;
  for (let m = 0; m < pmf.length; m++) if (pmf[m] > 0) sum += pmf[m] * windowSmape(m, forecast);
  return sum;
}

export interface SmapeOptimum {
  forecast: number;
  /** The expected SMAPE at that forecast, as a fraction. */
  expectedSmape: number;
}

/**
 * The point forecast minimising the expected SMAPE of an integer-valued actual, and that minimum.
 * Only integers need checking: between two consecutive integers k < F < k + 1 the expected SMAPE
 * first rises then falls (its slope is Σ_{a≤k} p_a·4a/(a+F)² − Σ_{a>k} p_a·4a/(a+F)², and the
 * first sum shrinks relative to the second as F grows), so its minimum is at an end of the interval.
 * Ties go to the smaller forecast.
 */
export function smapeOptimalForecast(pmf: ArrayLike<number>): SmapeOptimum {
  let best: SmapeOptimum = { forecast: 0, expectedSmape: Infinity };
  for (let k = 0; k < pmf.length; k++) {
    const value = expectedSmape(pmf, k);
    if (value < best.expectedSmape) best = { forecast: k, expectedSmape: value };
  }
  return best;
}
