/** Prometheus refuses a range query of more than 11,000 points per series. */
export const PROMETHEUS_MAX_POINTS = 11_000;

/** One range query: points at start, start + step, …, end (seconds, inclusive). */
export interface RangeChunk {
  startS: number;
  endS: number;
  points: number;
}

/**
 * Splits [fromS, toS] at `stepS` into consecutive range queries of at most `maxPoints` points each,
 * on one grid (fromS + k·step) so no point is asked twice or skipped between chunks.
 */
export function rangeChunks(fromS: number, toS: number, stepS: number, maxPoints = PROMETHEUS_MAX_POINTS): RangeChunk[] {
  if (!(stepS > 0) || !Number.isFinite(stepS)) throw new RangeError(`step must be a positive number of seconds, got ${stepS}`);
  if (!(toS >= fromS)) throw new RangeError(`the range ends (${toS}) before it starts (${fromS})`);
  if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new RangeError(`maxPoints must be a whole number ≥ 1, got ${maxPoints}`);
  const total = Math.floor((toS - fromS) / stepS + 1e-9) + 1;
  const chunks: RangeChunk[] = [];
  for (let first = 0; first < total; first += maxPoints) {
    const points = Math.min(maxPoints, total - first);
    chunks.push({ startS: fromS + first * stepS, endS: fromS + (first + points - 1) * stepS, points });
  }
  return chunks;
}
