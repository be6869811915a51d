import type { Forecast, ForecastInput, Forecaster } from '@infscale/core';
import { levelSeconds, type InputFeature } from '../input-features';
import { ModelFormatError } from '../errors';
import { validateHistory } from '../history';
import { inputSeconds } from '../window-spec';
import { blockInputs, type WindowSet } from '../windows';
import { modelFeatures, type ForecastModel } from './forecast-model';
import { roundForecast } from './integer-output';
import { networkForecast } from './network-forecast';

/**
 * The LSTM forecaster. With less history than its input window (or if the network ever produced a
 * non-finite number) it answers with its fallback and says why in `fallbackReason`.
 * Forecasts are clamped to 0: a load cannot be negative.
 */
export class LstmForecaster implements Forecaster {
  readonly name = 'lstm';
  /** The least history it forecasts from; with less, the fallback answers. */
  readonly historySeconds: number;
  /**
   * The history it reads in full: its input span, or its longest level feature if longer. Between
   * historySeconds and this, a level is the mean of the history there is: a caller that wants the
   * forecasts the model was trained and scored with passes this much.
   */
  readonly contextSeconds: number;
  /** What the network reads of each input block (the window sets it scores must be built with these). */
  readonly features: readonly InputFeature[];

  constructor(
    readonly model: ForecastModel,
    private readonly fallback: Forecaster,
  ) {
    this.historySeconds = inputSeconds(model.meta.window);
    this.features = modelFeatures(model.meta);
    this.contextSeconds = Math.max(this.historySeconds, ...this.features.map((f) => levelSeconds(f) ?? 0));
  }

  predict(input: ForecastInput): Forecast {
    const history = input.historyPerSecond;
    validateHistory(history);
    const horizonSeconds = this.model.meta.window.horizonSeconds;
    if (history.length < this.historySeconds) {
      return this.fallbackFor(input, `history ${history.length} s < the ${this.historySeconds} s the LSTM needs`);
    }
    const peak = this.predictSteps(blockInputs(history, history.length, this.model.meta.window, this.features), 0);
    if (!Number.isFinite(peak)) return this.fallbackFor(input, 'the LSTM produced a non-finite value');
    return { peakRps: peak, horizonSeconds, method: this.name };
  }

  /** Predictions for every row of a window set built with this model's features (evaluation); equal to predict() on the same history. */
  predictWindows(set: WindowSet): Float64Array {
    if (set.features.join(',') !== this.features.join(','))
      throw new ModelFormatError(`the windows carry the features ${set.features.join(',')}, the model reads ${this.features.join(',')}`);
    const perSample = set.inputSteps * set.features.length;
    const out = new Float64Array(set.count);
    for (let i = 0; i < set.count; i++) out[i] = this.predictSteps(set.inputs, i * perSample);
    return out;
  }

  private predictSteps(inputs: ArrayLike<number>, offset: number): number {
    const { meta, weights } = this.model;
    const raw = networkForecast(weights, meta.normalization, inputs, offset, meta.window.inputSteps);
    return meta.rounding && Number.isFinite(raw) ? roundForecast(raw, meta.rounding) : raw;
  }

  private fallbackFor(input: ForecastInput, reason: string): Forecast {
    const forecast = this.fallback.predict(input);
    return { ...forecast, fallbackReason: `${reason}: ${forecast.method} answered` };
  }
}
