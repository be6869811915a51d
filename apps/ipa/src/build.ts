import { initTensorflow } from '@infscale/forecasting';
import type { ScalerApp } from '@infscale/runtime';
import type { Forecaster, Scaler } from '@infscale/core';
import { createIpaForecaster, createIpaScaler, type IpaState } from '@infscale/scalers';

/**
 * The scaler section → IPA and its forecaster: the IPA preset LSTM (or forecast.modelDir) answering
 * with the max of the history until 2 minutes exist. The pipeline's margin is added by the scaler
 * itself, so the forecaster carries no headroom.
 */
export async function buildIpa(section: Record<string, unknown>): Promise<{ scaler: Scaler<IpaState>; forecaster: Forecaster }> {
  // The scaler measures the pipeline's load at its first stage, whichever variant runs there (loadFrom).
  // The solver's wall time is reported in the decision (solveMs); the decision itself never reads it.
  const scaler = createIpaScaler(section, { now: () => performance.now() });
  if (scaler.config.forecast.model === 'lstm') await initTensorflow();
  return { scaler, forecaster: await createIpaForecaster(scaler.config.forecast) };
}

export const ipaApp: ScalerApp<IpaState> = {
  name: 'ipa',
  description: 'IPA: per stage of an inference pipeline, the model variant, batch size and replicas (accuracy vs cost at the pipeline SLA).',
  version: '0.1.0',
  configHelp: [
    'interval (10s), profile (video|audio-qa|audio-sent|sum-qa|nlp) or name + stages with described variants,',
    'sla {latencyMs}, objective {alpha, beta, gamma, accuracy: pas|sum}, budget {cores},',
    'forecast {model: lstm|max, margin (%), floor: recent-max|none, modelDir}, drainBacklog, dropAfterMs, scalingCap,',
    'upscaleCheck {every (1s), tolerance (0.1), factor (2)} | off: between decisions, act at once on a burst,',
    'stages [{name, targetRef {name}, maxBatch, variants}], mode (ipa|fa2-low|fa2-high|rim), fa2Variants, rimReplicas',
  ].join('\n'),
  buildScaler: (section) => buildIpa(section),
};
