import type { Tensor } from '@tensorflow/tfjs';
import { tensorflow } from '../tensorflow';

/**
 * The pinball (quantile) loss at τ: τ·e for e = y − ŷ ≥ 0, (τ − 1)·e otherwise. Minimised by the
 * τ-quantile of y given the input, so about a share 1 − τ of the windows end up under-predicted,
 * where MSE aims at the conditional mean and under-predicts about half of them.
 */
export function pinballLoss(quantile: number): (yTrue: Tensor, yPred: Tensor) => Tensor {
  if (!(quantile > 0 && quantile < 1)) throw new RangeError(`the pinball loss needs a quantile in (0, 1), got ${quantile}`);
  return (yTrue, yPred) => {
    const tf = tensorflow();
    return tf.tidy(() => {
      const error = tf.sub(yTrue, yPred);
      return tf.mean(tf.maximum(tf.mul(error, quantile), tf.mul(error, quantile - 1)), -1);
    });
  };
}
