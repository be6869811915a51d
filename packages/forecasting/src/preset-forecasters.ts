import { join } from 'node:path';
import type { Forecaster } from '@infscale/core';
import { EwmaForecaster } from './ewma';
import { HEADROOM, withHeadroom } from './headroom';
import { LastMaxForecaster } from './last-max';
import type { ForecastModel } from './lstm/forecast-model';
import { LstmForecaster } from './lstm/lstm-forecaster';
import { loadForecastModel } from './model-io';
import { PRESETS, type PresetName } from './presets';
import { initTensorflow } from './tensorflow';
import type { WindowSpec } from './window-spec';

/** The papers' warm-up predictors: InfAdapter EWMA(span 10) of minute maxima, IPA the max of all history. */
export function presetFallback(preset: PresetName, window: WindowSpec = PRESETS[preset].window): Forecaster {
  return PRESETS[preset].fallback === 'ewma'
    ? new EwmaForecaster({ span: 10, stepSeconds: window.stepSeconds, horizonSeconds: window.horizonSeconds })
    : new LastMaxForecaster({ windowSeconds: Infinity, horizonSeconds: window.horizonSeconds });
}

/** The LSTM of a trained or loaded model, with its preset's fallback. */
export function lstmForecaster(model: ForecastModel): LstmForecaster {
  return new LstmForecaster(model, presetFallback(model.meta.preset, model.meta.window));
}

/**
 * The shipped models of a preset: `point` (the default; the preset's training settings, aimed at the
 * next maximum itself), `upper` (the same network trained with the pinball loss at the preset's
 * `upperQuantile`: it under-predicts about 1 − τ of the windows, at a higher SMAPE) and, where the
 * preset has one, `fine` (the point model on finer input blocks of the same span).
 */
export type PretrainedKind = 'point' | 'upper' | 'fine';
export const PRETRAINED_KINDS: readonly PretrainedKind[] = ['point', 'upper', 'fine'];

/** Folder of a shipped model: packages/forecasting/models/<preset>, models/<preset>-upper or models/<preset>-fine. */
export function pretrainedDir(preset: PresetName, kind: PretrainedKind = 'point'): string {
  return join(__dirname, '..', 'models', kind === 'point' ? preset : `${preset}-${kind}`);
}

/** A shipped pre-trained model of a preset, so a scaler runs without training first. */
export async function loadPretrained(preset: PresetName, kind: PretrainedKind = 'point'): Promise<ForecastModel> {
  await initTensorflow();
  return loadForecastModel(pretrainedDir(preset, kind), preset);
}

export interface PresetForecasterOptions {
  /** A model trained with `infscale forecast train`; the shipped one otherwise. */
  modelDir?: string;
  /** Which shipped model without modelDir (default `point`). */
  kind?: PretrainedKind;
  /** λ = factor × forecast. Defaults: InfAdapter 1.1, IPA 1.0 (video; use HEADROOM.ipaAudio for audio). */
  headroom?: number;
}

/**
 * What a scaler plugs into the controller loop: initialises TensorFlow.js, loads the model (refusing
 * one of another preset) and adds the preset's headroom. `predict` is synchronous afterwards.
 */
export async function createPresetForecaster(preset: PresetName, options: PresetForecasterOptions = {}): Promise<Forecaster> {
  await initTensorflow();
  const model = options.modelDir ? await loadForecastModel(options.modelDir, preset) : await loadPretrained(preset, options.kind);
  const headroom = options.headroom ?? (preset === 'infadapter' ? HEADROOM.infadapter : HEADROOM.ipaVideo);
  return withHeadroom(lstmForecaster(model), headroom);
}
