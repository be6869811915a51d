import type { Forecaster } from '@infscale/core';
import { createPresetForecaster, presetFallback } from '@infscale/forecasting';
import type { IpaConfig } from './ipa-config';

/**
 * The forecaster the IPA scaler expects from the loop: the IPA preset (LSTM over 12 × 10 s maxima →
 * max of the next 20 s, the max of the history until 2 minutes exist), or that max alone. No
 * headroom here: the scaler adds its pipeline's margin itself, so every forecaster (Oracle included)
 * gets the same margin.
 */
export async function createIpaForecaster(forecast: Pick<IpaConfig['forecast'], 'model' | 'modelDir'>): Promise<Forecaster> {
  if (forecast.model === 'max') return presetFallback('ipa');
  return createPresetForecaster('ipa', { headroom: 1, ...(forecast.modelDir ? { modelDir: forecast.modelDir } : {}) });
}
