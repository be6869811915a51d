import { ForecastInputError } from './errors';

/**
 * Rejects a history no forecaster can use: empty, or with an entry that is not a finite,
 * non-negative number. Checked on every predict so a bad metric never turns into a NaN forecast.
 */
export function validateHistory(history: readonly number[]): void {
  if (history.length === 0) {
    throw new ForecastInputError('empty history: at least one second of arrivals is needed to forecast');
  }
  for (let i = 0; i < history.length; i++) {
    const v = history[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ForecastInputError(`history[${i}] is ${String(v)}: arrival counts must be finite numbers`);
    }
    if (v < 0) throw new ForecastInputError(`history[${i}] is ${v}: arrival counts cannot be negative`);
  }
}

/** Largest entry of series[from, to) (clamped to the series); 0 for an empty range. */
export function rangeMax(series: ArrayLike<number>, from: number, to: number): number {
  let max = 0;
  for (let i = Math.max(0, from); i < Math.min(to, series.length); i++) if (series[i] > max) max = series[i];
  return max;
}
