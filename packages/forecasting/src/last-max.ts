import type { Forecast, ForecastInput, Forecaster } from '@infscale/core';
import { rangeMax, validateHistory } from './history';

export interface LastMaxOptions {
  /** How far back to look; a shorter history uses all of it. Infinity = the whole history (IPA's warm-up). */
  windowSeconds: number;
  horizonSeconds: number;
}

/** The next horizon's peak is the peak of the last window: the reactive baseline. */
export class LastMaxForecaster implements Forecaster {
  readonly name = 'last-max';
  readonly historySeconds: number;

  constructor(private readonly options: LastMaxOptions) {
    if (!(options.windowSeconds > 0)) throw new RangeError(`last-max windowSeconds must be > 0, got ${options.windowSeconds}`);
    this.historySeconds = Number.isFinite(options.windowSeconds) ? options.windowSeconds : 1;
  }

  predict(input: ForecastInput): Forecast {
    const history = input.historyPerSecond;
    validateHistory(history);
    const from = Number.isFinite(this.options.windowSeconds) ? history.length - this.options.windowSeconds : 0;
    return { peakRps: rangeMax(history, from, history.length), horizonSeconds: this.options.horizonSeconds, method: this.name };
  }
}
