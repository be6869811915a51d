/**
 * Centered moving mean over `windowSeconds` (edges average what exists), for sparse traces whose
 * per-second counts are mostly 0 or 1: the simulator and the forecasters then see a rate rather than
 * single requests. Keeps the total up to edge effects. O(n) with a running sum.
 */
export function movingMean(values: ArrayLike<number>, windowSeconds: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (windowSeconds <= 1) {
    for (let i = 0; i < n; i++) out[i] = values[i];
    return out;
  }
  const before = Math.floor((windowSeconds - 1) / 2);
  const after = windowSeconds - 1 - before;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + values[i];
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - before);
    const hi = Math.min(n, i + after + 1);
    out[i] = (prefix[hi] - prefix[lo]) / (hi - lo);
  }
  return out;
}
