import { LastMaxForecaster } from '@infscale/forecasting';
import { loadLatencyFits } from '@infscale/profiles';
import { defineScaler } from '../scaler-definition';
import { latencyCoefficients, spongeConfigSchema } from './sponge-config';
import { createSpongeScaler } from './sponge-scaler';

/** The simulator's Sponge deployment: resnet18 with the notebook's latency fit. */
export const SPONGE_SIMULATED_TARGET = 'resnet18';

export const spongeEntry = defineScaler({
  name: 'sponge',
  description: "Sponge: resizes a model server's pod in place (pods/resize) and sets its batch so every request meets its own deadline.",
  config: spongeConfigSchema,
  create: (config) => createSpongeScaler(config),
  // The reactive forecaster the paper uses at a 1 s interval: the busiest second of loadWindow, for the next second.
  forecaster: async (config) => new LastMaxForecaster({ windowSeconds: Math.max(1, Math.round(config.loadWindow / 1000)), horizonSeconds: 1 }),
  simulation: {
    profiles: ['sponge'],
    defaults: () => ({ targetRef: { name: SPONGE_SIMULATED_TARGET }, latencyModel: latencyCoefficients(loadLatencyFits()[0]!) }),
  },
  // Only its target's replicas, cores and batch (desiredFromCluster): no create, delete or route.
  actuator: (config) => ({
    actions: ['scale', 'resize', 'set-batch', 'await-ready'],
    resize: [config.onResizeFailure === 'restart' ? 'in-place-or-restart' : 'in-place'],
  }),
  deploy: {
    dashboard: 'infscale-sponge',
    // The EDF proxy takes the SLO, the latency model and the starting cores from the section.
    chart: { actuatorKeys: ['resizeReadinessGate'], require: ['slo', 'latencyModel', 'resourcePolicy'] },
  },
});
