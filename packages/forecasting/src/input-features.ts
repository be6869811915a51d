import { ForecastInputError } from './errors';
import { inputSeconds, type WindowSpec } from './window-spec';

/**
 * What the LSTM reads at each input step. Of the step's block: its maximum (the papers' only input)
 * and its mean. Of the window: `level<S>`, the mean load of the last S seconds before now, the same at
 * every step. The maximum of a few damped seconds is a noisy estimate of the arrival rate; the block
 * mean is a steadier one, and a level over minutes tells a burst from a new plateau.
 */
export type InputFeature = 'max' | 'mean' | `level${number}`;
/** The kinds of feature, as the error messages and `--help` list them. */
export const INPUT_FEATURE_KINDS = ['max', 'mean', 'level<seconds>'] as const;
/** The papers' input, and what a model file without `training.features` was trained on. */
export const DEFAULT_INPUT_FEATURES: readonly InputFeature[] = ['max'];
/** The longest level span accepted (a day): the history a scaler keeps is far shorter. */
export const MAX_LEVEL_SECONDS = 86_400;

const LEVEL = /^level([1-9]\d*)$/;

/** Seconds of a `level<S>` feature; undefined for a block feature. */
export function levelSeconds(feature: InputFeature): number | undefined {
  const m = LEVEL.exec(feature);
  return m ? Number(m[1]) : undefined;
}

/**
 * A non-empty list of known features without repeats, `max` first (the target is relative to the last
 * block's max, read from the first feature), each level span a whole number of seconds up to a day.
 */
export function validateInputFeatures(features: readonly string[], where = 'features'): InputFeature[] {
  const valid = `a comma-separated list of ${INPUT_FEATURE_KINDS.join(', ')} starting with max, e.g. max,mean,level600`;
  if (features.length === 0) throw new ForecastInputError(`${where} is empty: expected ${valid}`);
  for (const f of features) {
    const level = LEVEL.exec(f);
    if (f !== 'max' && f !== 'mean' && !level) throw new ForecastInputError(`${where}: unknown feature "${f}": expected ${valid}`);
    if (level && Number(level[1]) > MAX_LEVEL_SECONDS) throw new ForecastInputError(`${where}: ${f} spans more than a day (${MAX_LEVEL_SECONDS} s)`);
  }
  if (new Set(features).size !== features.length) throw new ForecastInputError(`${where} repeats a feature (${features.join(',')}): expected ${valid}`);
  if (features[0] !== 'max') throw new ForecastInputError(`${where} must start with max, got ${features.join(',')}: expected ${valid}`);
  return features as InputFeature[];
}

/** Mean of series[max(0, end − seconds), end): over the history there is when it is shorter than the span. */
function trailingMean(series: ArrayLike<number>, end: number, seconds: number): number {
  const from = Math.max(0, end - seconds);
  const to = Math.min(end, series.length);
  let sum = 0;
  for (let i = from; i < to; i++) sum += series[i];
  return to > from ? sum / (to - from) : 0;
}

/**
 * Writes the network inputs of the window ending at `end` into out[outOffset…]: for each of the
 * `inputSteps` blocks of `stepSeconds` (oldest first) its features in order. Seconds before the series
 * count as 0 in a block; a level spans the history there is.
 */
export function writeWindowInputs(
  series: ArrayLike<number>,
  end: number,
  spec: WindowSpec,
  features: readonly InputFeature[],
  out: Float32Array | Float64Array | number[],
  outOffset = 0,
): void {
  const levels = features.map((f) => {
    const seconds = levelSeconds(f);
    return seconds === undefined ? 0 : trailingMean(series, end, seconds);
  });
  const start = end - inputSeconds(spec);
  for (let k = 0; k < spec.inputSteps; k++) {
    const from = start + k * spec.stepSeconds;
    let max = 0;
    let sum = 0;
    for (let i = Math.max(0, from); i < Math.min(from + spec.stepSeconds, series.length); i++) {
      if (series[i] > max) max = series[i];
      sum += series[i];
    }
    const row = outOffset + k * features.length;
    for (let f = 0; f < features.length; f++) {
      const feature = features[f];
      out[row + f] = feature === 'max' ? max : feature === 'mean' ? sum / spec.stepSeconds : levels[f];
    }
  }
}
