import type { Preset } from './presets';

export interface TraceSplit {
  /** Per-second counts of the first `trainDays` days, damped, zero-load seconds removed. */
  train: Float64Array;
  /** The rest of the trace, prepared the same way. */
  test: Float64Array;
}

/** Indices in trace[from, to) of the seconds that damping leaves above 0 (the ones the series keeps). */
export function keptSeconds(trace: ArrayLike<number>, from: number, to: number, damping: number): Int32Array {
  const out = new Int32Array(Math.max(0, to - from));
  let n = 0;
  for (let i = from; i < to; i++) if (Math.trunc(trace[i] / damping) > 0) out[n++] = i;
  return out.slice(0, n);
}

/** Divides by the damping (truncating, as IPA's int(x / 8)) and drops the seconds left at 0. */
export function prepareSeries(trace: ArrayLike<number>, from: number, to: number, damping: number): Float64Array {
  return Float64Array.from(keptSeconds(trace, from, to, damping), (i) => Math.trunc(trace[i] / damping));
}

/**
 * The papers' split of the Twitter trace: the first 14 days train, the rest test. Damping is applied
 * before zero removal, so with IPA's factor 8 the seconds below 8 req/s are dropped too.
 */
export function splitTrace(trace: ArrayLike<number>, preset: Preset): TraceSplit {
  const boundary = Math.min(trace.length, preset.training.trainDays * 86_400);
  return {
    train: prepareSeries(trace, 0, boundary, preset.damping),
    test: prepareSeries(trace, boundary, trace.length, preset.damping),
  };
}

/**
 * The test split's kept seconds before damping, entry for entry aligned with splitTrace's `test`:
 * the arrival counts behind each damped value (noise-floor analysis).
 */
export function undampedTest(trace: ArrayLike<number>, preset: Preset): Float64Array {
  const boundary = Math.min(trace.length, preset.training.trainDays * 86_400);
  return Float64Array.from(keptSeconds(trace, boundary, trace.length, preset.damping), (i) => trace[i]);
}
