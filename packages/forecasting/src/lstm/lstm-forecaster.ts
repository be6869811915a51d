import type { Forecast, ForecastInput, Forecaster } from '@infscale/core';
import { validateHistory } from '../history';
import { inputSeconds } from '../window-spec';
import { stepMaxima, type WindowSet } from '../windows';
import type { ForecastModel } from './forecast-model';
import { roundForecast } from './integer-output';
import { networkForecast } from './network-forecast';

/**
 * The LSTM forecaster. With less history than its input window (or if the network ever produced a
 * non-finite number) it answers with its fallback and says why in `fallbackReason`.
 * Forecasts are clamped to 0: a load cannot be negative.
 */
export class LstmForecaster implements Forecaster {
  readonly name = 'lstm';
  readonly historySeconds: number;

  constructor(
    readonly model: ForecastModel,
    private readonly fallback: Forecaster,
  ) {
    this.historySeconds = inputSeconds(model.meta.window);
  }

  predict(input: ForecastInput): Forecast {
    const history = input.historyPerSecond;
    validateHistory(history);
    const horizonSeconds = this.model.meta.window.horizonSeconds;
    if (history.length < this.historySeconds) {
      return this.fallbackFor(input, `history ${history.length} s < the ${this.historySeconds} s the LSTM needs`);
    }
    const peak = this.predictSteps(stepMaxima(history, history.length, this.model.meta.window), 0);
    if (!Number.isFinite(peak)) return this.fallbackFor(input, 'the LSTM produced a non-finite value');
    return { peakRps: peak, horizonSeconds, method: this.name };
  }

  /** Predictions for every row of a window set (evaluation); equal to predict() on the same history. */
  predictWindows(set: WindowSet): Float64Array {
    const out = new Float64Array(set.count);
    for (let i = 0; i < set.count; i++) out[i] = this.predictSteps(set.inputs, i * set.inputSteps);
    return out;
  }

  private predictSteps(maxima: ArrayLike<number>, offset: number): number {
    const { meta, weights } = this.model;
    const raw = networkForecast(weights, meta.normalization, maxima, offset, meta.window.inputSteps);
    return meta.rounding && Number.isFinite(raw) ? roundForecast(raw, meta.rounding) : raw;
  }

  private fallbackFor(input: ForecastInput, reason: string): Forecast {
    const forecast = this.fallback.predict(input);
    return { ...forecast, fallbackReason: `${reason}: ${forecast.method} answered` };
  }
}
