/** A small seeded PRNG (mulberry32): the same seed gives the same arrivals on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
