import { rangeMax } from './history';
import { inputSeconds, validateWindowSpec, type WindowSpec } from './window-spec';

/** The `inputSteps` block maxima of series[end − inputSeconds, end), oldest first. */
export function stepMaxima(series: ArrayLike<number>, end: number, spec: WindowSpec): number[] {
  const start = end - inputSeconds(spec);
  const out: number[] = [];
  for (let k = 0; k < spec.inputSteps; k++) {
    const from = start + k * spec.stepSeconds;
    out.push(rangeMax(series, from, from + spec.stepSeconds));
  }
  return out;
}

/** Supervised samples: row i is the step maxima before ends[i], targets[i] the max of the horizon after. */
export interface WindowSet {
  count: number;
  inputSteps: number;
  /** count × inputSteps, row-major. */
  inputs: Float32Array;
  targets: Float32Array;
  /** Index in the series where each sample's history ends ("now"). */
  ends: Int32Array;
}

/**
 * Slides over the series one step at a time (InfAdapter's and IPA's construction), keeping every
 * `strideSteps`-th sample: the first sample ends at inputSeconds, the last one has a full horizon.
 */
export function buildWindows(series: ArrayLike<number>, spec: WindowSpec, strideSteps = 1): WindowSet {
  validateWindowSpec(spec);
  if (!Number.isInteger(strideSteps) || strideSteps < 1) throw new RangeError(`strideSteps must be a positive integer, got ${strideSteps}`);
  const span = inputSeconds(spec);
  const stride = spec.stepSeconds * strideSteps;
  const count = series.length < span + spec.horizonSeconds ? 0 : Math.floor((series.length - span - spec.horizonSeconds) / stride) + 1;
  const inputs = new Float32Array(count * spec.inputSteps);
  const targets = new Float32Array(count);
  const ends = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const end = span + i * stride;
    inputs.set(stepMaxima(series, end, spec), i * spec.inputSteps);
    targets[i] = rangeMax(series, end, end + spec.horizonSeconds);
    ends[i] = end;
  }
  return { count, inputSteps: spec.inputSteps, inputs, targets, ends };
}
