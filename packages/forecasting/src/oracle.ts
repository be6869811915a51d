import type { Forecast, ForecastInput, Forecaster } from '@infscale/core';
import { ForecastInputError } from './errors';
import { rangeMax } from './history';

export interface OracleOptions {
  /** The whole per-second series the simulation replays: entry i covers [startMs + 1000·i, startMs + 1000·(i+1)). */
  series: ArrayLike<number>;
  /** Time of the start of series[0]. */
  startMs: number;
  horizonSeconds: number;
}

/**
 * Simulation only: reads the future from the replayed series, the bound every comparison reports.
 * At nowMs the next horizon is series[i, i + horizon) with i = floor((nowMs − startMs) / 1000), i.e.
 * the history ending at nowMs is series[.., i). Near the end it uses the part of the horizon left.
 */
export class OracleForecaster implements Forecaster {
  readonly name = 'oracle';
  readonly historySeconds = 0;

  constructor(private readonly options: OracleOptions) {
    if (!Number.isFinite(options.startMs)) throw new RangeError(`oracle startMs must be finite, got ${options.startMs}`);
  }

  /** Index of the first future second at nowMs. */
  indexAt(nowMs: number): number {
    return Math.floor((nowMs - this.options.startMs) / 1000);
  }

  predict(input: ForecastInput): Forecast {
    const { series, horizonSeconds } = this.options;
    const i = this.indexAt(input.nowMs);
    if (!Number.isFinite(i) || i < 0 || i >= series.length) {
      throw new ForecastInputError(`oracle: nowMs ${input.nowMs} is outside its series (${series.length} s from startMs ${this.options.startMs})`);
    }
    return { peakRps: rangeMax(series, i, i + horizonSeconds), horizonSeconds, method: this.name };
  }
}
