import { mulberry32 } from '@infscale/core';

/**
 * Open-loop arrival times (ms from the start) replaying a per-second count array: second i gets
 * exactly counts[i] arrivals, spaced by exponential gaps scaled to fit the second (a Poisson
 * process conditioned on its count), so per-second totals match the trace and gaps look random.
 */
export function arrivalTimesMs(counts: readonly number[], seed: number): number[] {
  const random = mulberry32(seed);
  const out: number[] = [];
  counts.forEach((raw, second) => {
    const n = Math.max(0, Math.round(raw));
    if (n === 0) return;
    // n+1 gaps: the last one is the slack to the end of the second.
    const gaps = Array.from({ length: n + 1 }, () => -Math.log(1 - random()));
    const total = gaps.reduce((a, b) => a + b, 0);
    let at = 0;
    for (let k = 0; k < n; k++) {
      at += gaps[k];
      out.push(second * 1000 + (at / total) * 1000);
    }
  });
  return out;
}

/**
 * A Poisson process at `rateRps` for `durationMs`: exponential gaps of mean 1/rate, from a seed.
 * (A probe sends a plain Poisson process; trace replays use arrivalTimesMs.)
 */
export function poissonTimesMs(rateRps: number, durationMs: number, seed: number): number[] {
  if (!(rateRps > 0) || !(durationMs > 0)) return [];
  const random = mulberry32(seed);
  const out: number[] = [];
  for (let t = -Math.log(1 - random()) * (1000 / rateRps); t < durationMs; t += -Math.log(1 - random()) * (1000 / rateRps)) out.push(t);
  return out;
}
