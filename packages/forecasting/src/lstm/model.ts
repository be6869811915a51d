import type { Sequential } from '@tensorflow/tfjs';
import { tensorflow } from '../tensorflow';
import { pinballLoss } from './loss';

export interface LstmShape {
  inputSteps: number;
  /** Features per step (1: the block max alone). */
  features: number;
  units: number;
  /** L1 weight on the LSTM kernel. */
  l1: number;
  seed: number;
  /** Pinball loss at this quantile; MSE without. */
  quantile?: number;
}

/**
 * The papers' network: LSTM(units, relu, L1 on the kernel) → Dense(1), Adam, MSE (or the pinball
 * loss for a quantile forecast). The recurrent activation is Keras's sigmoid (tfjs defaults to
 * hardSigmoid). Every initializer gets its own seed so the same seed builds the same starting weights.
 */
export function buildLstmModel(shape: LstmShape): Sequential {
  const tf = tensorflow();
  // Fixed names: tfjs numbers unnamed layers per process, so a second model in the same process
  // would save a different model.json.
  const model = tf.sequential({ name: 'forecaster' });
  model.add(
    tf.layers.lstm({
      name: 'lstm',
      units: shape.units,
      activation: 'relu',
      recurrentActivation: 'sigmoid',
      inputShape: [shape.inputSteps, shape.features],
      kernelRegularizer: tf.regularizers.l1({ l1: shape.l1 }),
      kernelInitializer: tf.initializers.glorotUniform({ seed: shape.seed }),
      recurrentInitializer: tf.initializers.orthogonal({ seed: shape.seed + 1 }),
    }),
  );
  model.add(tf.layers.dense({ name: 'dense', units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: shape.seed + 2 }) }));
  model.compile({ optimizer: tf.train.adam(), loss: shape.quantile === undefined ? 'meanSquaredError' : pinballLoss(shape.quantile) });
  return model;
}
