import { defineScaler } from '../scaler-definition';
import { createStaticScaler, staticConfigSchema } from './static-scaler';

/** The papers' fixed allocation ("static 16 cores"); with no deployments set it keeps what runs. */
export const staticEntry = defineScaler({
  name: 'static',
  description: 'A fixed allocation: puts back the configured replicas and cores of each deployment named (the papers\' "static" baseline).',
  config: staticConfigSchema,
  create: (config) => createStaticScaler(config),
  simulation: { profiles: ['infadapter', 'ipa', 'sponge'] },
  actuator: () => ({ actions: ['scale', 'resize', 'set-batch', 'await-ready'], resize: ['restart'] }),
});
