import type { Forecaster } from '@infscale/core';
import { ModelFormatError } from './errors';
import { EwmaForecaster } from './ewma';
import { LastMaxForecaster } from './last-max';
import { LstmForecaster } from './lstm/lstm-forecaster';
import { accuracy, type AccuracyMetrics } from './metrics';
import { OracleForecaster } from './oracle';
import { inputSeconds, type WindowSpec } from './window-spec';
import { buildWindows } from './windows';

const describeWindow = (w: WindowSpec) => `${w.inputSteps} × ${w.stepSeconds} s → ${w.horizonSeconds} s`;

/** The same input span and horizon in blocks that divide the evaluated ones: its windows end where the evaluated ones do. */
function finerOfSameSpan(own: WindowSpec, window: WindowSpec): boolean {
  return (
    own.horizonSeconds === window.horizonSeconds &&
    inputSeconds(own) === inputSeconds(window) &&
    own.stepSeconds < window.stepSeconds &&
    window.stepSeconds % own.stepSeconds === 0
  );
}

export interface EvaluationRow {
  forecaster: string;
  metrics: AccuracyMetrics;
}

/**
 * Scores a forecaster on every window of the series (the same windows the LSTM trains on): at each
 * window end it sees the preceding history (`historySeconds`, default 10 input spans, enough for EWMA's
 * weights to vanish) at nowMs = end × 1000, and is compared with the max of the next horizon.
 * Without `historySeconds` the LSTM is scored through its batch path, which gives the same numbers as
 * predict() on its full context; with it, through predict() on that much history (what a caller that
 * keeps less history gets).
 */
export function evaluateForecaster(
  forecaster: Forecaster,
  series: Float64Array,
  window: WindowSpec,
  strideSteps = 1,
  historySeconds?: number,
): AccuracyMetrics {
  if (historySeconds !== undefined && !(Number.isInteger(historySeconds) && historySeconds >= 1))
    throw new RangeError(`historySeconds must be a whole number ≥ 1, got ${historySeconds}`);
  if (forecaster instanceof LstmForecaster && historySeconds === undefined) {
    // The batch path reads the window set's block maxima as the model's inputs: they must be cut alike,
    // or, for a model on finer blocks of the same span, cut its way at the same window ends.
    const own = forecaster.model.meta.window;
    if (own.stepSeconds === window.stepSeconds && own.inputSteps === window.inputSteps && own.horizonSeconds === window.horizonSeconds) {
      const set = buildWindows(series, window, strideSteps, forecaster.features);
      return accuracy(set.targets, forecaster.predictWindows(set));
    }
    if (!finerOfSameSpan(own, window)) {
      throw new ModelFormatError(
        `the model's window (${describeWindow(own)}) is not the evaluated one (${describeWindow(window)}): retrain it with the preset's window`,
      );
    }
    const fine = buildWindows(series, own, strideSteps * (window.stepSeconds / own.stepSeconds), forecaster.features);
    return accuracy(fine.targets, forecaster.predictWindows(fine));
  }
  const set = buildWindows(series, window, strideSteps);
  const seconds = historySeconds ?? 10 * inputSeconds(window);
  const predicted = new Float64Array(set.count);
  for (let i = 0; i < set.count; i++) {
    const end = set.ends[i];
    const historyPerSecond = Array.from(series.subarray(Math.max(0, end - seconds), end));
    predicted[i] = forecaster.predict({ nowMs: end * 1000, historyPerSecond }).peakRps;
  }
  return accuracy(set.targets, predicted);
}

/** The reference forecasters of every comparison: EWMA(10) and last-step max fallbacks, and the oracle bound. */
export function referenceForecasters(series: Float64Array, window: WindowSpec): Forecaster[] {
  return [
    new EwmaForecaster({ span: 10, stepSeconds: window.stepSeconds, horizonSeconds: window.horizonSeconds }),
    new LastMaxForecaster({ windowSeconds: window.stepSeconds, horizonSeconds: window.horizonSeconds }),
    new OracleForecaster({ series, startMs: 0, horizonSeconds: window.horizonSeconds }),
  ];
}

/** Scores the LSTM (when given) and every reference forecaster on the same windows. */
export function evaluateAll(series: Float64Array, window: WindowSpec, lstm?: LstmForecaster, strideSteps = 1): EvaluationRow[] {
  const forecasters: Forecaster[] = [...(lstm ? [lstm] : []), ...referenceForecasters(series, window)];
  return forecasters.map((f) => ({ forecaster: f.name, metrics: evaluateForecaster(f, series, window, strideSteps) }));
}
