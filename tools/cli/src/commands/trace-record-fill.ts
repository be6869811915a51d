import { rangeChunks, type RecordedRange } from '@infscale/metrics';

export interface FilledRange {
  /** One point per grid time from --from to --to: Prometheus' value, or 0 where it had none. */
  range: RecordedRange;
  /** Grid points without a sample, written as 0 (leading and trailing gaps included). */
  zeroFilled: number;
  /** Negative samples (e.g. a rate over a counter reset, a bad subtraction), written as 0. */
  negative: number;
}

/**
 * The recording on the whole requested grid: a trace file reads a missing second as 0 only between
 * two rows, so gaps before the first and after the last sample are written out, and a negative
 * rate (no trace can hold one) is written as 0 and counted, for a warning.
 */
export function fillRange(recorded: RecordedRange, fromS: number, toS: number, stepS: number): FilledRange {
  const byTime = new Map(recorded.points.map((p) => [p.t, p.v]));
  const points: RecordedRange['points'] = [];
  let zeroFilled = 0;
  let negative = 0;
  for (const chunk of rangeChunks(fromS, toS, stepS)) {
    for (let k = 0; k < chunk.points; k++) {
      // recordRange rounds each sample's time to the second the same way.
      const t = Math.round(chunk.startS + k * stepS);
      const v = byTime.get(t);
      if (v === undefined) zeroFilled++;
      else if (v < 0) negative++;
      points.push({ t, v: v === undefined || v < 0 ? 0 : v });
    }
  }
  return { range: { ...recorded, points, missing: zeroFilled }, zeroFilled, negative };
}
