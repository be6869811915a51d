import { initTensorflow } from '@infscale/forecasting';
import { observingDeployments, type ScalerApp } from '@infscale/runtime';
import type { Forecaster, Scaler } from '@infscale/core';
import { createIpaForecaster, createIpaScaler, type IpaState } from '@infscale/scalers';

/**
 * The scaler section → IPA and its forecaster: the IPA preset LSTM (or forecast.modelDir) answering
 * with the max of the history until 2 minutes exist. The pipeline's margin is added by the scaler
 * itself, so the forecaster carries no headroom.
 */
export async function buildIpa(section: Record<string, unknown>): Promise<{ scaler: Scaler<IpaState>; forecaster: Forecaster }> {
  const ipa = createIpaScaler(section);
  // Requests enter the pipeline at its first stage: that stage's running deployments carry its load.
  const entry = ipa.pipeline.stages[0]?.name;
  const scaler = observingDeployments(ipa, (cluster) => cluster.deployments.filter((d) => d.stage === entry).map((d) => d.name));
  if (ipa.config.forecast.model === 'lstm') await initTensorflow();
  return { scaler, forecaster: await createIpaForecaster(ipa.config.forecast) };
}

export const ipaApp: ScalerApp<IpaState> = {
  name: 'ipa',
  description: 'IPA: per stage of an inference pipeline, the model variant, batch size and replicas (accuracy vs cost at the pipeline SLA).',
  version: '0.1.0',
  configHelp: [
    'interval (10s), profile (video|audio-qa|audio-sent|sum-qa|nlp) or name + stages with described variants,',
    'sla {latencyMs}, objective {alpha, beta, gamma, accuracy: pas|sum}, budget {cores},',
    'forecast {model: lstm|max, margin (%), floor: recent-max|none, modelDir}, drainBacklog, dropAfterMs, scalingCap,',
    'stages [{name, targetRef {name}, maxBatch, variants}], mode (ipa|fa2-low|fa2-high|rim), fa2Variants, rimReplicas',
  ].join('\n'),
  buildScaler: (section) => buildIpa(section),
};
