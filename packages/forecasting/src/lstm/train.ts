import { mulberry32 } from '@infscale/core';
import { PRESETS, type PresetName, type TrainingSettings } from '../presets';
import { tensorflow, withoutOrthogonalWarning } from '../tensorflow';
import type { WindowSpec } from '../window-spec';
import { DEFAULT_INPUT_FEATURES } from '../input-features';
import { buildWindows } from '../windows';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type ForecastModel } from './forecast-model';
import { extractWeights } from './forward';
import { encodeInputs, encodeTarget, fitNormalization } from './encoding';
import { fitRounding } from './integer-output';
import { lastBlockMax, networkForecast } from './network-forecast';
import { buildLstmModel } from './model';
import { shuffledIndices } from './shuffle';

export interface TrainRequest {
  preset: PresetName;
  window: WindowSpec;
  training: TrainingSettings;
  /** Per-second counts, already damped and without zero-load seconds. */
  series: ArrayLike<number>;
  /** The damping `series` was prepared with (default: the preset's); recorded in the model when it differs. */
  damping?: number;
  /** Called after every few batches: batches done of the total, and the running loss. */
  onProgress?: (done: number, total: number, loss: number) => void;
}

/**
 * Trains the LSTM. Deterministic for a seed: seeded initializers, our own seeded shuffle each epoch
 * (tf's fit shuffle is off) and the single-threaded wasm backend.
 */
export async function trainLstm(request: TrainRequest): Promise<ForecastModel> {
  const tf = tensorflow();
  const { window, training } = request;
  const features = training.features ?? DEFAULT_INPUT_FEATURES;
  const set = buildWindows(request.series, window, training.strideSteps, features);
  if (set.count < 1) throw new RangeError(`no training windows: the series (${request.series.length} s) is shorter than input + horizon`);
  const normalization = fitNormalization(set.inputs, training.encoding);
  const steps = set.inputSteps;
  const perSample = steps * features.length;
  const xs = new Float32Array(set.inputs.length);
  const ys = new Float32Array(set.count);
  for (let i = 0; i < set.count; i++) {
    encodeInputs(normalization, set.inputs, i * perSample, perSample, xs, i * perSample);
    ys[i] = encodeTarget(normalization, set.targets[i], lastBlockMax(set.inputs, i * perSample, steps, features.length));
  }

  const network = await withoutOrthogonalWarning(() =>
    buildLstmModel({
      inputSteps: window.inputSteps,
      features: features.length,
      units: training.units,
      l1: training.l1,
      seed: training.seed,
      quantile: training.quantile,
    }),
  );
  const random = mulberry32(training.seed);
  const batchesPerEpoch = Math.ceil(set.count / training.batchSize);
  const total = batchesPerEpoch * training.epochs;
  const xBatch = new Float32Array(xs.length);
  const yBatch = new Float32Array(set.count);
  let finalLoss = NaN;
  for (let epoch = 0; epoch < training.epochs; epoch++) {
    const order = shuffledIndices(set.count, random);
    for (let i = 0; i < set.count; i++) {
      xBatch.set(xs.subarray(order[i] * perSample, (order[i] + 1) * perSample), i * perSample);
      yBatch[i] = ys[order[i]];
    }
    const x = tf.tensor3d(xBatch, [set.count, steps, features.length]);
    const y = tf.tensor2d(yBatch, [set.count, 1]);
    try {
      const history = await network.fit(x, y, {
        epochs: 1,
        batchSize: training.batchSize,
        shuffle: false,
        verbose: 0,
        callbacks: {
          onBatchEnd: async (batch, logs) => {
            if (batch % 20 === 0) request.onProgress?.(epoch * batchesPerEpoch + batch + 1, total, logs?.loss ?? NaN);
          },
        },
      });
      finalLoss = history.history.loss[0] as number;
    } finally {
      x.dispose();
      y.dispose();
    }
    request.onProgress?.((epoch + 1) * batchesPerEpoch, total, finalLoss);
  }
  const weights = extractWeights(network);
  // The rounding threshold is fitted on what the forecaster will compute: the network's raw forecasts.
  const rounding = training.integerOutput
    ? fitRounding(
        Float64Array.from({ length: set.count }, (_, i) => networkForecast(weights, normalization, set.inputs, i * perSample, steps)),
        set.targets,
      )
    : undefined;
  return {
    network,
    weights,
    meta: {
      format: MODEL_FORMAT,
      version: MODEL_FORMAT_VERSION,
      preset: request.preset,
      window,
      units: training.units,
      normalization,
      rounding,
      // A model at its preset's damping keeps the file it always had (the shipped models reproduce byte for byte).
      training: {
        ...training,
        windows: set.count,
        trainSeconds: request.series.length,
        finalLoss,
        ...(request.damping !== undefined && request.damping !== PRESETS[request.preset].damping ? { damping: request.damping } : {}),
      },
    },
  };
}
