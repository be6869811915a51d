import { loadInfAdapterForecaster, variantSwitchNeeds } from '../infadapter/entry';
import { INFADAPTER_PROFILES, infAdapterSectionSchema } from '../infadapter/infadapter-section';
import { defineScaler } from '../scaler-definition';
import { createMsPlusScaler } from './ms-plus-scaler';

/** The InfAdapter paper's MS+ baseline: InfAdapter's config and loop, one variant at a time. */
export const msPlusEntry = defineScaler({
  name: 'ms-plus',
  description: "MS+ (the InfAdapter paper's baseline): InfAdapter's loop and config, but a single variant at a time instead of a mix.",
  config: infAdapterSectionSchema,
  create: (config, { now }) => createMsPlusScaler(config, now ? { now } : {}),
  forecaster: loadInfAdapterForecaster,
  // A paper baseline: the paper's method (the linear capacity fit × 0.8) unless told otherwise.
  simulation: { profiles: ['infadapter'], defaults: () => ({ profile: INFADAPTER_PROFILES[0], method: 'paper' as const }), rollout: 'surge' },
  actuator: variantSwitchNeeds,
});
