import { DEFAULT_INPUT_FEATURES, writeWindowInputs, type InputFeature } from './input-features';
import { rangeMax } from './history';
import { inputSeconds, validateWindowSpec, type WindowSpec } from './window-spec';

/** The `inputSteps` block maxima of series[end − inputSeconds, end), oldest first. */
export function stepMaxima(series: ArrayLike<number>, end: number, spec: WindowSpec): number[] {
  return blockInputs(series, end, spec, DEFAULT_INPUT_FEATURES);
}

/** The network inputs of the window ending at `end`: each block's features in order, oldest block first (input-features.ts). */
export function blockInputs(series: ArrayLike<number>, end: number, spec: WindowSpec, features: readonly InputFeature[]): number[] {
  const out = new Array<number>(spec.inputSteps * features.length);
  writeWindowInputs(series, end, spec, features, out);
  return out;
}

/** Supervised samples: row i is the block features before ends[i], targets[i] the max of the horizon after. */
export interface WindowSet {
  count: number;
  inputSteps: number;
  /** What each step carries, in order (default: its block's max only). */
  features: readonly InputFeature[];
  /** count × inputSteps × features.length, row-major; 64-bit, as predict() computes them (a mean is not a float32). */
  inputs: Float64Array;
  targets: Float32Array;
  /** Index in the series where each sample's history ends ("now"). */
  ends: Int32Array;
}

/**
 * Slides over the series one step at a time (InfAdapter's and IPA's construction), keeping every
 * `strideSteps`-th sample: the first sample ends at inputSeconds, the last one has a full horizon.
 */
export function buildWindows(
  series: ArrayLike<number>,
  spec: WindowSpec,
  strideSteps = 1,
  features: readonly InputFeature[] = DEFAULT_INPUT_FEATURES,
): WindowSet {
  validateWindowSpec(spec);
  if (!Number.isInteger(strideSteps) || strideSteps < 1) throw new RangeError(`strideSteps must be a positive integer, got ${strideSteps}`);
  const span = inputSeconds(spec);
  const stride = spec.stepSeconds * strideSteps;
  const count = series.length < span + spec.horizonSeconds ? 0 : Math.floor((series.length - span - spec.horizonSeconds) / stride) + 1;
  const perSample = spec.inputSteps * features.length;
  const inputs = new Float64Array(count * perSample);
  const targets = new Float32Array(count);
  const ends = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const end = span + i * stride;
    writeWindowInputs(series, end, spec, features, inputs, i * perSample);
    targets[i] = rangeMax(series, end, end + spec.horizonSeconds);
    ends[i] = end;
  }
  return { count, inputSteps: spec.inputSteps, features, inputs, targets, ends };
}
