/** A prediction of the peak arrival rate over the next horizon. */
export interface Forecast {
  peakRps: number;
  horizonSeconds: number;
  /** Which forecaster produced the number (e.g. "lstm", "ewma"). */
  method: string;
  /** Set when a fallback answered instead of the configured forecaster, with the reason. */
  fallbackReason?: string;
}

export interface ForecastInput {
  nowMs: number;
  /** Requests per second, oldest first, ending at nowMs. */
  historyPerSecond: readonly number[];
}
