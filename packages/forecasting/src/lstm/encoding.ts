/**
 * How the block maxima and the target reach the network, and how its output comes back as req/s.
 * - `absolute` (the papers'): x / scale in, y / scale out, with scale the largest training input.
 * - `log-relative`: log1p(x) / scale in (scale = log1p of the largest training input), and the
 *   target log1p(y) − log1p(last input). The network predicts the change from the last window in
 *   log space, so a quiet night and a busy noon are the same problem, and the error it minimises
 *   is relative, like SMAPE. Quantiles survive the monotone transform, so a pinball loss still
 *   gives the τ-quantile of the next maximum.
 */
export type Encoding = 'absolute' | 'log-relative';
export const ENCODINGS: readonly Encoding[] = ['absolute', 'log-relative'];

export interface Normalization {
  scale: number;
  encoding: Encoding;
}

/** The normalization fitted on the training inputs (their maximum). */
export function fitNormalization(inputs: ArrayLike<number>, encoding: Encoding): Normalization {
  let max = 1;
  for (let i = 0; i < inputs.length; i++) if (inputs[i] > max) max = inputs[i];
  return { scale: encoding === 'absolute' ? max : Math.log1p(max), encoding };
}

/** Writes the network inputs of the block values[offset, offset + count) into out[outOffset…] (every feature is a count, scaled alike). */
export function encodeInputs(
  n: Normalization,
  values: ArrayLike<number>,
  offset: number,
  count: number,
  out: Float32Array | Float64Array,
  outOffset = 0,
): void {
  for (let t = 0; t < count; t++) {
    const x = values[offset + t];
    out[outOffset + t] = n.encoding === 'absolute' ? x / n.scale : Math.log1p(x) / n.scale;
  }
}

/** The network's training target for an actual maximum, given the last input block's maximum. */
export function encodeTarget(n: Normalization, actual: number, lastInput: number): number {
  return n.encoding === 'absolute' ? actual / n.scale : Math.log1p(actual) - Math.log1p(lastInput);
}

/** The forecast in req/s for a network output; never negative. */
export function decodeOutput(n: Normalization, output: number, lastInput: number): number {
  const value = n.encoding === 'absolute' ? output * n.scale : Math.expm1(output + Math.log1p(lastInput));
  return Math.max(0, value);
}
