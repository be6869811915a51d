import type { PresetName, TrainingSettings } from '../presets';
import type { LayersModel } from '@tensorflow/tfjs';
import type { WindowSpec } from '../window-spec';
import type { LstmWeights } from './forward';

export const MODEL_FORMAT = 'infscale-lstm-forecaster';
export const MODEL_FORMAT_VERSION = 1;

/** Saved next to model.json as forecaster.json: what a loader needs to reproduce predictions. */
export interface ForecastModelMeta {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_FORMAT_VERSION;
  preset: PresetName;
  window: WindowSpec;
  units: number;
  /** Inputs and targets are divided by `scale` for the network; its output is multiplied back. */
  normalization: { scale: number };
  training: TrainingSettings & { windows: number; trainSeconds: number; finalLoss: number };
}

/** A trained or loaded LSTM: the tf network (for saving) and a copy of its weights (for predicting). */
export interface ForecastModel {
  meta: ForecastModelMeta;
  network: LayersModel;
  weights: LstmWeights;
}
