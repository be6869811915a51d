import type { Forecast, ForecastInput, Forecaster } from '@infscale/core';

/** The papers' margins on top of the forecast: λ = factor × forecast. */
export const HEADROOM = {
  /** InfAdapter: λ = 1.1 × forecast. */
  infadapter: 1.1,
  /** IPA video pipeline: no margin. */
  ipaVideo: 1.0,
  /** IPA audio pipelines: 20 %. */
  ipaAudio: 1.2,
} as const;

/**
 * Multiplies another forecaster's peak by `factor`: kept apart from the forecasters so accuracy is
 * measured on the raw forecast and each scaler picks its own margin.
 */
export class HeadroomForecaster implements Forecaster {
  readonly name: string;
  readonly historySeconds: number;

  constructor(
    private readonly inner: Forecaster,
    readonly factor: number,
  ) {
    if (!Number.isFinite(factor) || factor < 1) throw new RangeError(`headroom factor must be a finite number ≥ 1, got ${factor}`);
    this.name = inner.name;
    this.historySeconds = inner.historySeconds;
  }

  predict(input: ForecastInput): Forecast {
    const forecast = this.inner.predict(input);
    return { ...forecast, peakRps: forecast.peakRps * this.factor };
  }
}

export function withHeadroom(inner: Forecaster, factor: number): Forecaster {
  return factor === 1 ? inner : new HeadroomForecaster(inner, factor);
}
