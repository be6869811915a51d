import { decodeOutput, encodeInputs, type Normalization } from './encoding';
import { lstmForward, type LstmWeights } from './forward';

/** The network's forecast in req/s for the block maxima[offset, offset + steps): encode, forward, decode. */
export function networkForecast(weights: LstmWeights, normalization: Normalization, maxima: ArrayLike<number>, offset: number, steps: number): number {
  const encoded = new Float64Array(steps);
  encodeInputs(normalization, maxima, offset, steps, encoded);
  return decodeOutput(normalization, lstmForward(weights, encoded, 0, steps), maxima[offset + steps - 1]);
}
