import type { Forecaster } from '@infscale/core';
import { lstmForecaster, presetFallback, withHeadroom, type ForecastModel } from '@infscale/forecasting';
import type { InfAdapterConfig } from './infadapter-config';

/**
 * The loop's forecaster for InfAdapter and MS+: the preset LSTM (10 one-minute maxima → next minute's
 * max) answering with EWMA(span 10) until 10 minutes of history exist, times (1 + margin). Pure given
 * the model: the caller loads it (`await loadPretrained('infadapter')` or loadForecastModel(modelDir)).
 * Without a model (or with forecast.model = ewma) the EWMA answers throughout. The improved method
 * gets the raw forecast: the scaler applies its calibrated margin (and forecast.margin) itself.
 */
export function infAdapterForecaster(config: Pick<InfAdapterConfig, 'forecast' | 'method'>, model?: ForecastModel): Forecaster {
  const inner = model && config.forecast.model === 'lstm' ? lstmForecaster(model) : presetFallback('infadapter');
  return config.method === 'improved' ? inner : withHeadroom(inner, 1 + config.forecast.margin);
}
