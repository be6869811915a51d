import { ModelFormatError } from '../errors';
import type { LayersModel } from '@tensorflow/tfjs';

/** The weights of LSTM(units) → Dense(1) on `inputs` features per step, copied out of TensorFlow.js. */
export interface LstmWeights {
  units: number;
  /** Features per time step (1: the block max alone). */
  inputs: number;
  /** [inputs × 4·units], row-major: input feature → gates i, f, c, o (Keras order). */
  kernel: Float32Array;
  /** [units × 4·units], row-major. */
  recurrent: Float32Array;
  bias: Float32Array;
  dense: Float32Array;
  denseBias: number;
}

export function extractWeights(model: LayersModel): LstmWeights {
  const w = model.getWeights();
  const shapes = w.map((t) => t.shape.join('×')).join(', ');
  if (w.length !== 5) throw new ModelFormatError(`expected LSTM → Dense weights (5 tensors), got ${w.length}: ${shapes}`);
  const units = w[1].shape[0];
  const inputs = w[0].shape[0];
  if (w[0].shape[1] !== 4 * units || w[3].shape[0] !== units) {
    throw new ModelFormatError(`weights do not fit LSTM(${units}) on ${inputs} features → Dense(1): ${shapes}`);
  }
  const data = w.map((t) => t.dataSync() as Float32Array);
  return { units, inputs, kernel: data[0].slice(), recurrent: data[1].slice(), bias: data[2].slice(), dense: data[3].slice(), denseBias: data[4][0] };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const relu = (x: number) => (x > 0 ? x : 0);

/**
 * The network's forward pass in plain JavaScript, for one normalised input sequence
 * xs[offset, offset + steps × inputs) (the features of a step together). Same equations as tfjs's LSTMCell (relu activation, sigmoid gates);
 * a few hundred multiply-adds per step, so a prediction takes microseconds instead of the
 * milliseconds of tf's per-op dispatch, and stays synchronous.
 */
export function lstmForward(w: LstmWeights, xs: ArrayLike<number>, offset: number, steps: number): number {
  const u = w.units;
  const h = new Float64Array(u);
  const c = new Float64Array(u);
  const z = new Float64Array(4 * u);
  const n = w.inputs;
  for (let t = 0; t < steps; t++) {
    z.set(w.bias);
    for (let f = 0; f < n; f++) {
      const x = xs[offset + t * n + f];
      const row = f * 4 * u;
      for (let j = 0; j < 4 * u; j++) z[j] += x * w.kernel[row + j];
    }
    for (let k = 0; k < u; k++) {
      const hk = h[k];
      if (hk === 0) continue;
      const row = k * 4 * u;
      for (let j = 0; j < 4 * u; j++) z[j] += hk * w.recurrent[row + j];
    }
    for (let k = 0; k < u; k++) {
      c[k] = sigmoid(z[u + k]) * c[k] + sigmoid(z[k]) * relu(z[2 * u + k]);
      h[k] = sigmoid(z[3 * u + k]) * relu(c[k]);
    }
  }
  let out = w.denseBias;
  for (let k = 0; k < u; k++) out += h[k] * w.dense[k];
  return out;
}
