import { defineScaler } from '../scaler-definition';
import { hpaConfigSchema } from './hpa-config';
import { createHpaScaler } from './hpa-scaler';

/** The Kubernetes HPA; the papers compare against it at a 70 % CPU target. */
export const hpaEntry = defineScaler({
  name: 'hpa',
  description: 'The Kubernetes Horizontal Pod Autoscaler (autoscaling/v2 without behavior) as a Scaler: replicas from CPU utilization or req/s per pod.',
  config: hpaConfigSchema,
  create: (config) => createHpaScaler(config),
  simulation: { profiles: ['infadapter', 'ipa', 'sponge'], defaults: () => ({ target: 0.7 }) },
  actuator: () => ({ actions: ['scale', 'await-ready'], resize: [] }),
});
