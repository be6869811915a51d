import { decodeOutput, encodeInputs, type Normalization } from './encoding';
import { lstmForward, type LstmWeights } from './forward';

/**
 * The last block's max in the block inputs[offset, offset + steps × features): every feature list
 * starts with max (input-features.ts), so it is the first feature of the last block.
 */
export function lastBlockMax(inputs: ArrayLike<number>, offset: number, steps: number, features: number): number {
  return inputs[offset + (steps - 1) * features];
}

/**
 * The network's forecast in req/s for the block inputs[offset, offset + steps × weights.inputs)
 * (each block's features together), relative to the last block's max: encode, forward, decode.
 */
export function networkForecast(weights: LstmWeights, normalization: Normalization, inputs: ArrayLike<number>, offset: number, steps: number): number {
  const values = steps * weights.inputs;
  const encoded = new Float64Array(values);
  encodeInputs(normalization, inputs, offset, values, encoded);
  return decodeOutput(normalization, lstmForward(weights, encoded, 0, steps), lastBlockMax(inputs, offset, steps, weights.inputs));
}
