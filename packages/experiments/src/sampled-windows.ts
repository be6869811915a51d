import { mulberry32 } from '@infscale/core';

const DAY = 86_400;

/** The forecasters' split of the Twitter trace: the first 14 days train (and tune), the rest test. */
export const TRACE_SPLITS = {
  train: { fromS: 0, toS: 14 * DAY },
  test: { fromS: 14 * DAY, toS: Infinity },
} as const;
export type TraceSplit = keyof typeof TRACE_SPLITS;

export interface WindowSample {
  /** First second of the range windows are drawn from. */
  fromS: number;
  /** End of the range (exclusive); a window never crosses it. */
  toS: number;
  /** Length of each window, s. */
  lengthS: number;
  count: number;
  seed: number;
}

/**
 * Window starts drawn uniformly (seeded, so a sample is named by its seed before anything runs on it)
 * from [fromS, toS − lengthS], sorted. Windows may overlap: the draw is blind to the load, so hard and
 * calm stretches come in the proportion the trace holds them.
 */
export function sampleWindowStarts(s: WindowSample): number[] {
  if (!Number.isInteger(s.count) || s.count < 1) throw new RangeError(`count: a whole number of windows ≥ 1, got ${s.count}`);
  if (!Number.isInteger(s.lengthS) || s.lengthS < 1) throw new RangeError(`lengthS: whole seconds ≥ 1, got ${s.lengthS}`);
  const room = s.toS - s.lengthS - s.fromS;
  if (!(room >= 0) || !Number.isFinite(room))
    throw new RangeError(`a ${s.lengthS} s window does not fit in [${s.fromS}, ${s.toS}): the range must be finite and at least that long`);
  const rand = mulberry32(s.seed);
  const starts: number[] = [];
  for (let i = 0; i < s.count; i++) starts.push(s.fromS + Math.floor(rand() * (room + 1)));
  return starts.sort((a, b) => a - b);
}

/** The split's range on a trace of this many seconds. */
export function splitRange(split: TraceSplit, traceSeconds: number): { fromS: number; toS: number } {
  const r = TRACE_SPLITS[split];
  return { fromS: r.fromS, toS: Math.min(r.toS, traceSeconds) };
}
