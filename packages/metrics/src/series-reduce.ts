import { noData, ok, type Answer } from './answer';
import type { Series } from './prometheus-client';

/**
 * Pure reductions of query results to the numbers a scaler reads. Anything that is not a finite
 * number (no series, NaN, ±Inf) becomes no-data: a scaler must hold, not read it as zero.
 */

/** The sum over all series of an instant query (a template may return one series per pod). */
export function scalarOf(series: Series[], what: string): Answer<number> {
  const values = series.flatMap((s) => s.samples.map((p) => p.v));
  if (values.length === 0) return noData(`${what}: empty result`);
  if (values.some((v) => Number.isNaN(v))) return noData(`${what}: NaN (nothing observed in the window)`);
  if (values.some((v) => !Number.isFinite(v))) return noData(`${what}: not a finite number`);
  return ok(values.reduce((a, b) => a + b, 0));
}

/**
 * One value per second from a range query with step 1 s over [startMs, startMs + (n-1)·1000],
 * summed across series. Leading seconds without data are dropped (a shorter history: forecasters
 * fall back until they have enough); a gap inside repeats the previous value (a missed scrape);
 * a newest point older than `staleAfterMs` means the series stopped: no-data.
 */
export function perSecondHistory(series: Series[], startMs: number, n: number, staleAfterMs: number, what: string): Answer<number[]> {
  const sums: Array<number | undefined> = new Array(n).fill(undefined);
  for (const s of series) {
    for (const { t, v } of s.samples) {
      const i = Math.round((t - startMs) / 1000);
      if (i < 0 || i >= n || !Number.isFinite(v)) continue;
      sums[i] = (sums[i] ?? 0) + v;
    }
  }
  const first = sums.findIndex((v) => v !== undefined);
  if (first < 0) return noData(`${what}: empty result over the last ${n} s`);
  let last = n - 1;
  while (sums[last] === undefined) last--;
  const ageMs = (n - 1 - last) * 1000;
  if (ageMs > staleAfterMs) return noData(`${what}: stale, newest point is ${ageMs / 1000} s old`);
  const out: number[] = [];
  for (let i = first; i < n; i++) out.push(sums[i] ?? out[out.length - 1]);
  return ok(out);
}
