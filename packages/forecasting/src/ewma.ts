import type { Forecast, ForecastInput, Forecaster } from '@infscale/core';
import { rangeMax, validateHistory } from './history';

export interface EwmaOptions {
  /** pandas-style span: α = 2 / (span + 1). InfAdapter's warm-up predictor uses 10. */
  span?: number;
  /** The history is reduced to maxima of blocks of this many seconds, aligned to now. */
  stepSeconds: number;
  horizonSeconds: number;
}

/**
 * Exponentially weighted mean of the recent block maxima, like pandas `ewm(span).mean()` with
 * adjust=True (weights (1−α)^age, normalised), so a short history is not biased toward zero.
 * The oldest block may be partial. Blocks older than 10 spans weigh < 1e-8 and are skipped.
 */
export class EwmaForecaster implements Forecaster {
  readonly name = 'ewma';
  readonly historySeconds: number;
  private readonly alpha: number;
  private readonly maxBlocks: number;

  constructor(private readonly options: EwmaOptions) {
    const span = options.span ?? 10;
    if (!(span >= 1)) throw new RangeError(`EWMA span must be ≥ 1, got ${span}`);
    this.alpha = 2 / (span + 1);
    this.maxBlocks = Math.ceil(10 * span) + 1;
    this.historySeconds = options.stepSeconds;
  }

  predict(input: ForecastInput): Forecast {
    const history = input.historyPerSecond;
    validateHistory(history);
    const step = this.options.stepSeconds;
    const blocks = Math.min(Math.ceil(history.length / step), this.maxBlocks);
    let weight = 1;
    let weighted = 0;
    let total = 0;
    for (let age = 0; age < blocks; age++) {
      const end = history.length - age * step;
      weighted += weight * rangeMax(history, end - step, end);
      total += weight;
      weight *= 1 - this.alpha;
    }
    return { peakRps: weighted / total, horizonSeconds: this.options.horizonSeconds, method: this.name };
  }
}
