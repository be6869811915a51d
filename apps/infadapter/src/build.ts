import type { Forecaster, Scaler } from '@infscale/core';
import { initTensorflow, loadForecastModel, loadPretrained } from '@infscale/forecasting';
import type { ScalerApp } from '@infscale/runtime';
import { createInfAdapterScaler, infAdapterForecaster, parseInfAdapterConfig, type InfAdapterState } from '@infscale/scalers';
import { withProfiledVariants } from './variants';

/** How the app changes a running variant's cores unless its config says otherwise. */
export const DEPLOYED_RESIZE = 'restart';

/**
 * The scaler section → InfAdapter and its forecaster: the pre-trained LSTM (or forecast.modelDir)
 * answering with EWMA until 10 minutes of history exist; the paper's method plans at (1 + forecast.margin)
 * times it (1.1), the improved method (the default) at a margin learned from the forecast's errors.
 */
export async function buildInfAdapter(section: Record<string, unknown>): Promise<{ scaler: Scaler<InfAdapterState>; forecaster: Forecaster }> {
  // The chart's Role grants InfAdapter no pods/resize: core changes roll the pods unless the config says
  // otherwise (the improved method's in-place default needs that verb: README, "Beyond the papers").
  const input = { resize: DEPLOYED_RESIZE, ...withProfiledVariants(section) };
  const config = parseInfAdapterConfig(input, 'infadapter config');
  // The scaler measures the task's load over every variant deployment it may run (loadFrom).
  // The solver's wall time is reported in the decision (solveMs); the decision itself never reads it.
  const scaler = createInfAdapterScaler(input, { now: () => performance.now() });
  if (config.forecast.model !== 'lstm') return { scaler, forecaster: infAdapterForecaster(config) };
  await initTensorflow();
  const model = config.forecast.modelDir ? await loadForecastModel(config.forecast.modelDir, 'infadapter') : await loadPretrained('infadapter');
  return { scaler, forecaster: infAdapterForecaster(config, model) };
}

export const infAdapterApp: ScalerApp<InfAdapterState> = {
  name: 'infadapter',
  description: 'InfAdapter: chooses the model variants of one task, their CPU cores and each one\'s share of the load (accuracy vs cost at a latency SLO).',
  version: '0.1.0',
  configHelp: [
    'method (improved|paper; defaults below as improved/paper), interval (30s), firstDecisionAfter (10s/2m), task (deployments <task>-<variant>), slo {latencyMs, quantile},',
    'objective {alpha, beta}, budget {cores}, resourcePolicy {minCores (1/2), maxCores}, forecast {model: lstm|ewma, margin (0/0.1), modelDir},',
    'downscaleStabilizationDecisions (0/4), upscaleCheck {every (5s), tolerance (0.1)} | off, resize (restart|in-place|in-place-or-restart; in-place-or-restart/restart),',
    'profile (infadapter-resnet: accuracy and capacity per variant), capacity (fit|table; table/fit),',
    'variants [{name, accuracy?, capacityRps?, loadTimeS?, deployment?}]',
  ].join('\n'),
  buildScaler: (section) => buildInfAdapter(section),
};
