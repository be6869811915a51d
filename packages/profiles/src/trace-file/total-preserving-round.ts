/**
 * Whole per-second counts from fractional ones (a smoothed or scaled trace, rates from Prometheus),
 * keeping the running total: second i gets round(Σ₀..ᵢ) − round(Σ₀..ᵢ₋₁). Plain rounding would turn a
 * sparse trace of 0.4 req/s into no requests at all; this one sends 2 in every 5 seconds.
 */
export function roundKeepingTotal(values: ArrayLike<number>): Int32Array {
  const out = new Int32Array(values.length);
  let sum = 0;
  let emitted = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    const upTo = Math.round(sum);
    out[i] = upTo - emitted;
    emitted = upTo;
  }
  return out;
}
