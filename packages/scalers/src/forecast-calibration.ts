/**
 * A margin learned from the forecast's own recent errors instead of a fixed factor: every regular
 * decision records what it predicted for the coming interval; once that interval has passed, the
 * observed peak divided by the prediction is one sample, and the margin is a quantile of the latest
 * samples (split-conformal style: no assumption about the forecaster or the trace). Pure: the state
 * travels with the scaler's state.
 */
export interface ForecastCalibration {
  /** Predictions whose interval has not fully passed yet: when, and the peak (req/s) predicted. */
  pending: { atMs: number; predictedRps: number }[];
  /** Observed peak / predicted peak of the resolved predictions, oldest first. */
  ratios: number[];
}

export interface CalibrationSettings {
  /** Length of the interval a prediction covers (ms). */
  horizonMs: number;
  /** Quantile of the ratios to plan at: the share of intervals whose peak the plan should cover. */
  quantile: number;
  /** Samples kept (the latest). */
  window: number;
  /** Fewer samples than this: the factor is `fallback`. */
  minSamples: number;
  /**
   * A sample above this counts as this: a step the forecast could not know (a burst's onset) is the
   * upscale check's to catch, and one such interval must not set the margin of the next hour.
   */
  maxRatio: number;
  /** Factor before enough samples exist. */
  fallback: number;
}

export const emptyCalibration = (): ForecastCalibration => ({ pending: [], ratios: [] });

/** Resolves the predictions whose interval has passed against the per-second history ending at nowMs. */
export function resolveCalibration(state: ForecastCalibration, settings: CalibrationSettings, nowMs: number, history: readonly number[]): ForecastCalibration {
  const pending: ForecastCalibration['pending'] = [];
  const ratios = [...state.ratios];
  for (const p of state.pending) {
    const endMs = p.atMs + settings.horizonMs;
    if (endMs > nowMs) {
      pending.push(p);
      continue;
    }
    // The last entry is the second [nowS − 1, nowS); the prediction covers the whole seconds in [atMs, endMs).
    const last = history.length - 1;
    const nowS = Math.floor(nowMs / 1000);
    const from = last - (nowS - 1 - Math.ceil(p.atMs / 1000));
    const to = last - nowS + Math.floor(endMs / 1000);
    if (from < 0 || to < from || p.predictedRps <= 0) continue; // history no longer covers it: no sample
    let peak = 0;
    for (let i = from; i <= to; i++) peak = Math.max(peak, history[i]!);
    // An interval without a request says nothing about the forecast's scale: no sample (idle minutes
    // would otherwise teach a factor of 0, the floor, and halve the plan for the load that follows).
    if (peak === 0) continue;
    ratios.push(Math.min(settings.maxRatio, peak / p.predictedRps));
  }
  return { pending, ratios: ratios.slice(-settings.window) };
}

/** The factor to plan with: the quantile of the recent ratios (never below 1/2 nor above 4), or the fallback. */
export function calibrationFactor(state: ForecastCalibration, settings: CalibrationSettings): number {
  if (state.ratios.length < settings.minSamples) return settings.fallback;
  const sorted = [...state.ratios].sort((a, b) => a - b);
  // The conformal quantile: the ⌈(n + 1)·q⌉-th smallest, so n samples cover q of a new interval.
  const k = Math.min(sorted.length, Math.ceil((sorted.length + 1) * settings.quantile));
  return Math.min(4, Math.max(0.5, sorted[k - 1]!));
}

/** Notes a prediction made now for the coming interval. */
export function recordPrediction(state: ForecastCalibration, nowMs: number, predictedRps: number): ForecastCalibration {
  return { pending: [...state.pending, { atMs: nowMs, predictedRps }], ratios: state.ratios };
}
