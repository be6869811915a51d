import { accuracy, type AccuracyMetrics } from '../metrics';
import type { WindowSpec } from '../window-spec';
import { buildWindows } from '../windows';
import { countBound, countPmf } from './arrival-counts';
import { keptSecondCdf, maxPmf } from './damped-max';
import { smapeOptimalForecast } from './smape-optimal';

export interface NoiseFloorOptions {
  window: WindowSpec;
  damping: number;
  /** Width, in seconds of the series, of the mean that estimates each second's rate (odd when centred). */
  rateSeconds: number;
  /**
   * `centred` (default): the mean centred on each target second, future included: the clairvoyant
   * floor. `trailing`: the mean of the rateSeconds before now for every target second, what a
   * forecaster seeing the undamped past could know.
   */
  rateWindow?: 'centred' | 'trailing';
  /** Var / mean of a second's count around its rate: 1 is Poisson (fitDispersion measures it). */
  dispersion: number;
  /** Score every n-th window only (default 1: all, like the evaluation). */
  strideSteps?: number;
}

export interface NoiseFloor {
  windows: number;
  /** Mean over the windows of the expected SMAPE of the SMAPE-optimal forecast (%): the floor. */
  expectedSmape: number;
  /** That clairvoyant forecast scored against the real targets. */
  clairvoyant: AccuracyMetrics;
}

/** Prefix sums, so every centred mean costs two lookups. */
function prefixSums(series: ArrayLike<number>): Float64Array {
  const sums = new Float64Array(series.length + 1);
  for (let i = 0; i < series.length; i++) sums[i + 1] = sums[i] + series[i];
  return sums;
}

/** [from, to) of the centred window of `width` around i, clipped to the series. */
function centred(i: number, width: number, length: number): [number, number] {
  const half = (width - 1) / 2;
  return [Math.max(0, i - half), Math.min(length, i + half + 1)];
}

function checkWidth(width: number): void {
  if (!Number.isInteger(width) || width < 3 || width % 2 === 0) throw new RangeError(`the rate window must be an odd number of seconds ≥ 3, got ${width}`);
}

/**
 * Var / mean of the per-second counts around their local rate: Σ (x − λ)² / Σ λ over the seconds
 * with a full window, λ the mean of the width − 1 other seconds of the centred window. That λ
 * misses by Var/(width − 1), hence the factor (width − 1) / width.
 */
export function fitDispersion(undamped: ArrayLike<number>, width: number): number {
  checkWidth(width);
  const sums = prefixSums(undamped);
  const half = (width - 1) / 2;
  let squares = 0;
  let rates = 0;
  for (let i = half; i < undamped.length - half; i++) {
    const rate = (sums[i + half + 1] - sums[i - half] - undamped[i]) / (width - 1);
    squares += (undamped[i] - rate) ** 2;
    rates += rate;
  }
  if (rates === 0) throw new RangeError(`no second with a full ${width} s window and a load above 0`);
  return (squares / rates) * ((width - 1) / width);
}

/**
 * How low SMAPE can go on the damped target, for a forecaster that knew the arrival rate of every
 * second (clairvoyant: the rate is the centred mean of the undamped counts, future included). Per
 * window: the target's distribution (max over the horizon's kept seconds of trunc(X / damping), X with
 * that rate and dispersion), its SMAPE-optimal forecast, and that forecast's expected SMAPE.
 * `undamped[i]` is the arrival count behind the damped series' entry i (dataset.ts undampedTest).
 */
export function noiseFloor(undamped: ArrayLike<number>, options: NoiseFloorOptions): NoiseFloor {
  const { window, damping, rateSeconds, dispersion } = options;
  const trailing = options.rateWindow === 'trailing';
  if (!trailing) checkWidth(rateSeconds);
  else if (!Number.isInteger(rateSeconds) || rateSeconds < 1) throw new RangeError(`the rate window must be a whole number of seconds ≥ 1, got ${rateSeconds}`);
  const damped = Float64Array.from(undamped, (x) => Math.trunc(x / damping));
  if (damped.some((y) => y < 1)) throw new RangeError('undamped must hold only the kept seconds (trunc(x / damping) ≥ 1), as the evaluated series does');
  const set = buildWindows(damped, window, options.strideSteps ?? 1);
  if (set.count === 0) throw new RangeError('the series is too short for one window');
  const sums = prefixSums(undamped);
  // A rate is (integer sum) / (window length): the kept-second CDF only depends on those two.
  const cdfCache = new Map<number, Float64Array>();
  const cdfAt = (second: number, now: number): Float64Array => {
    const [from, to] = trailing ? [Math.max(0, now - rateSeconds), now] : centred(second, rateSeconds, undamped.length);
    const key = (sums[to] - sums[from]) * (rateSeconds + 1) + (to - from);
    let cdf = cdfCache.get(key);
    if (!cdf) {
      const rate = (sums[to] - sums[from]) / (to - from);
      cdf = keptSecondCdf(countPmf(rate, dispersion, countBound(rate, dispersion)), damping);
      cdfCache.set(key, cdf);
    }
    return cdf;
  };
  const forecasts = new Float64Array(set.count);
  let expected = 0;
  for (let i = 0; i < set.count; i++) {
    const cdfs: Float64Array[] = [];
    for (let s = set.ends[i]; s < set.ends[i] + window.horizonSeconds; s++) cdfs.push(cdfAt(s, set.ends[i]));
    const optimum = smapeOptimalForecast(maxPmf(cdfs));
    forecasts[i] = optimum.forecast;
    expected += optimum.expectedSmape;
  }
  return { windows: set.count, expectedSmape: (100 * expected) / set.count, clairvoyant: accuracy(set.targets, forecasts) };
}
