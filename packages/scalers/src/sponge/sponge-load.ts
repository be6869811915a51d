import type { Forecast, Observation } from '@infscale/core';

/** What Sponge plans for in the next interval, read from one observation. */
export interface SpongeLoad {
  /** Predicted arrival rate (req/s). */
  loadRps: number;
  /** Where the rate came from: the forecaster's method, or "last-max". */
  loadSource: string;
  /** Remaining budgets (ms) of the requests waiting now, earliest first. */
  queuedBudgetsMs: number[];
  /** Budget assumed for each expected arrival: the worst recent one, else the SLO. */
  arrivalBudgetMs: number;
  /** The smallest budget among the queue and the expected arrivals (for reasons and metrics). */
  tightestBudgetMs: number;
}

/**
 * The rate is the forecaster's peak when the loop has one, else the busiest whole second of the
 * last `windowSeconds` (reactive). Expected arrivals are planned with the worst budget seen among
 * recent arrivals: the network of the next second is unknown, its recent worst is the safe guess.
 */
export function spongeLoad(observation: Observation, forecast: Forecast | undefined, windowSeconds: number, sloMs: number): SpongeLoad {
  const history = observation.arrivalsPerSecond;
  const recent = history.slice(Math.max(0, history.length - windowSeconds));
  const loadRps = forecast ? Math.max(0, forecast.peakRps) : recent.reduce((m, v) => Math.max(m, v), 0);
  const queuedBudgetsMs = [...(observation.queuedBudgetsMs ?? [])].sort((a, b) => a - b);
  const arrivals = observation.recentArrivalBudgetsMs ?? [];
  const arrivalBudgetMs = arrivals.length > 0 ? arrivals.reduce((m, v) => Math.min(m, v), Infinity) : sloMs;
  const tightestBudgetMs = Math.min(queuedBudgetsMs[0] ?? Infinity, loadRps > 0 ? arrivalBudgetMs : Infinity);
  return {
    loadRps,
    loadSource: forecast ? forecast.method : 'last-max',
    queuedBudgetsMs,
    arrivalBudgetMs,
    tightestBudgetMs: Number.isFinite(tightestBudgetMs) ? tightestBudgetMs : sloMs,
  };
}
