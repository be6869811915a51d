import { IPA_PIPELINES, type IpaPipelineName } from '@infscale/profiles';
import { defineScaler } from '../scaler-definition';
import { ipaConfigSchema } from './ipa-config';
import { createIpaForecaster } from './ipa-forecaster';
import { createIpaScaler } from './ipa-scaler';

const isPipeline = (name: string | undefined): name is IpaPipelineName => (IPA_PIPELINES as readonly (string | undefined)[]).includes(name);

/** IPA, with the paper's FA2-low, FA2-high and RIM as its modes. */
export const ipaEntry = defineScaler({
  name: 'ipa',
  description: 'IPA: per stage of an inference pipeline, the model variant, batch size and replicas (accuracy vs cost at the pipeline SLA).',
  config: ipaConfigSchema,
  create: (config, { now }) => createIpaScaler(config, now ? { now } : {}),
  // The preset LSTM (or forecast.modelDir) answering with the max of the history until 2 minutes exist;
  // the pipeline's margin is the scaler's, so the forecaster carries no headroom.
  forecaster: (config) => createIpaForecaster(config.forecast),
  simulation: { profiles: ['ipa'], defaults: (_profile, pipeline) => ({ profile: isPipeline(pipeline) ? pipeline : 'video' }) },
  // One deployment per stage and variant: a switch is a new deployment brought up before the old one goes.
  actuator: () => ({ actions: ['create', 'scale', 'resize', 'set-batch', 'await-ready', 'route', 'delete'], resize: ['restart'] }),
  deploy: {
    dashboard: 'infscale-ipa',
    chart: {
      actuatorKeys: ['template', 'images', 'stageQueues'],
      // A Service and a stage queue per stage, named after its targetRef; the router takes the profile and the
      // drop limit (dropAfterMs, else the SLA: the chart cannot read a profile's SLA, so it names it).
      require: ['profile', 'sla', 'sla.latencyMs', 'stages', 'stages[].targetRef', 'stages[].maxBatch'],
    },
  },
});
