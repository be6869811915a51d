import { initTensorflow, loadForecastModel, loadPretrained } from '@infscale/forecasting';
import { defineScaler, type ActuatorNeeds } from '../scaler-definition';
import { infAdapterForecaster } from './forecaster';
import type { InfAdapterConfig } from './infadapter-config';
import { createInfAdapterScaler } from './infadapter-scaler';
import { INFADAPTER_PROFILES, infAdapterSectionSchema } from './infadapter-section';

/**
 * The loop's forecaster of InfAdapter and MS+: the pre-trained LSTM (or forecast.modelDir) answering
 * with EWMA until 10 minutes of history exist, times (1 + forecast.margin).
 */
export async function loadInfAdapterForecaster(config: InfAdapterConfig) {
  if (config.forecast.model !== 'lstm') return infAdapterForecaster(config);
  await initTensorflow();
  const model = config.forecast.modelDir ? await loadForecastModel(config.forecast.modelDir, 'infadapter') : await loadPretrained('infadapter');
  return infAdapterForecaster(config, model);
}

/** InfAdapter and MS+ switch variants make-before-break: a new deployment, the traffic, then the old one goes. */
export const variantSwitchNeeds = (config: InfAdapterConfig): ActuatorNeeds => ({
  actions: ['create', 'scale', 'resize', 'set-batch', 'await-ready', 'route', 'delete'],
  resize: [config.resize],
});

export const infAdapterEntry = defineScaler({
  name: 'infadapter',
  description: "InfAdapter: chooses the model variants of one task, their CPU cores and each one's share of the load (accuracy vs cost at a latency SLO).",
  config: infAdapterSectionSchema,
  // The solver's wall time is reported in the decision (solveMs); the decision itself never reads it.
  create: (config, { now }) => createInfAdapterScaler(config, now ? { now } : {}),
  forecaster: loadInfAdapterForecaster,
  // The paper's variants, capacities and settings; a changed variant rolls out make-before-break, as in the paper.
  simulation: { profiles: ['infadapter'], defaults: () => ({ profile: INFADAPTER_PROFILES[0] }), rollout: 'surge' },
  actuator: variantSwitchNeeds,
  deploy: {
    dashboard: 'infscale-infadapter',
    // No deployed defaults: core changes reach the pods as the method says (improved: in place, falling
    // back to a rolling restart; paper: a rolling restart), and the chart's Role follows the same rule.
    chart: {
      actuatorKeys: ['template'],
      // The variants' Services and the dispatcher's upstreams are <task>-<variant>.
      require: ['task', 'variants'],
      omit: {
        'variants[].deployment': "the chart's Services and dispatcher address every variant as <task>-<variant>",
      },
    },
  },
});
