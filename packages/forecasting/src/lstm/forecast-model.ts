import { DEFAULT_INPUT_FEATURES, type InputFeature } from '../input-features';
import type { PresetName, TrainingSettings } from '../presets';
import type { LayersModel } from '@tensorflow/tfjs';
import type { WindowSpec } from '../window-spec';
import type { Normalization } from './encoding';
import type { IntegerRounding } from './integer-output';
import type { LstmWeights } from './forward';

export const MODEL_FORMAT = 'infscale-lstm-forecaster';
/** 2 added normalization.encoding and the pinball loss; a version-1 file is read as `absolute`. */
export const MODEL_FORMAT_VERSION = 2;

/** Saved next to model.json as forecaster.json: what a loader needs to reproduce predictions. */
export interface ForecastModelMeta {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_FORMAT_VERSION;
  preset: PresetName;
  window: WindowSpec;
  units: number;
  /** How inputs and target were scaled for the network (encoding.ts). */
  normalization: Normalization;
  /** Integer forecasts with this threshold (integer-output.ts); absent: the network's value as is. */
  rounding?: IntegerRounding;
  /**
   * `damping`: the factor the training counts were divided by, written only when it is not the preset's
   * (absent: the preset's, as in every model trained before the field existed; protocols.ts modelDamping).
   */
  training: TrainingSettings & { windows: number; trainSeconds: number; finalLoss: number; damping?: number };
}

/** A trained or loaded LSTM: the tf network (for saving) and a copy of its weights (for predicting). */
export interface ForecastModel {
  meta: ForecastModelMeta;
  network: LayersModel;
  weights: LstmWeights;
}

/** What the model reads of each input block: `training.features`, or the block max alone in a file without it. */
export function modelFeatures(meta: ForecastModelMeta): readonly InputFeature[] {
  return meta.training.features ?? DEFAULT_INPUT_FEATURES;
}
