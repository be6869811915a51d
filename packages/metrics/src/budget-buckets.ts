import { noData, ok, type Answer } from './answer';
import type { Series } from './prometheus-client';

/**
 * Turns cumulative histogram buckets (one series per `le`, counts over a window) into one remaining
 * budget per request. Each request is placed at the LOWER edge of its bucket: the solver then never
 * assumes more slack than a request may have had (the first bucket's lower edge is 0). Requests in
 * the +Inf bucket are placed at the largest finite edge. `leToMs` converts the `le` unit to ms.
 */
export function budgetsFromBuckets(series: Series[], maxSamples: number, what: string, leToMs = 1): Answer<number[]> {
  const buckets: Array<{ le: number; count: number }> = [];
  for (const s of series) {
    const le = s.labels.le === undefined ? NaN : s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    const count = s.samples[s.samples.length - 1]?.v;
    if (Number.isNaN(le)) return noData(`${what}: a series without a numeric 'le' label`);
    if (count === undefined || !Number.isFinite(count)) return noData(`${what}: bucket le=${s.labels.le} is not a number`);
    // Rounded so that 0.1 s reads as 100 ms, not 100.00000000000001.
    buckets.push({ le: Number.isFinite(le) ? Math.round(le * leToMs * 1e6) / 1e6 : le, count });
  }
  if (buckets.length === 0) return noData(`${what}: empty result`);
  buckets.sort((a, b) => a.le - b.le);
  const out: number[] = [];
  let below = 0;
  let lower = 0;
  for (const { le, count } of buckets) {
    // increase() extrapolates: cumulative counts are fractional; round them, and never go negative.
    const cumulative = Math.round(count);
    const inBucket = Math.max(0, cumulative - below);
    below = Math.max(below, cumulative);
    // Buckets are visited in ascending order, so truncating at maxSamples keeps the tightest.
    for (let k = 0; k < inBucket && out.length < maxSamples; k++) out.push(lower);
    if (Number.isFinite(le)) lower = le;
  }
  return ok(out);
}

/** The `n` tightest budgets: the conservative guess of what is queued now (see PrometheusSource). */
export function tightest(budgets: readonly number[], n: number): number[] {
  return [...budgets].sort((a, b) => a - b).slice(0, Math.max(0, Math.round(n)));
}
