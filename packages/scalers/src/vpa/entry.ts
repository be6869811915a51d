import type { ResizeMode } from '@infscale/core';
import type { z } from 'zod';
import { defineScaler } from '../scaler-definition';
import { vpaConfigSchema } from './vpa-config';
import { createVpaScaler } from './vpa-scaler';

/**
 * The InfAdapter paper's VPA baseline (its code): a VPA object in Off mode, CPU only, minAllowed 2 /
 * maxAllowed 20 cores, its target applied by the paper's adapter in whole cores; minReplicas 1 so a
 * one-pod deployment is not left alone; no 12 h young-pod rule (with it a 21-minute run never resizes).
 */
export const INFADAPTER_PAPER_VPA = {
  mode: 'Off',
  applyOffTarget: true,
  integerCores: true,
  minCores: 2,
  maxCores: 20,
  minReplicas: 1,
  podLifetimeThresholdMs: 0,
} as const satisfies z.input<typeof vpaConfigSchema>;

/**
 * The Sponge paper's VPA: minReplicas 1 (the stock updater never touches a 1-replica deployment),
 * whole cores in [1, 16] (the model server only uses whole threads) and no 12 h young-pod rule.
 */
export const SPONGE_PAPER_VPA = { minReplicas: 1, minCores: 1, maxCores: 16, integerCores: true, podLifetimeThresholdMs: 0 } as const satisfies z.input<
  typeof vpaConfigSchema
>;

const RESIZE: Record<z.output<typeof vpaConfigSchema>['mode'], ResizeMode[]> = { Off: [], Recreate: ['restart'], InPlaceOrRecreate: ['in-place-or-restart'] };

/** The Kubernetes VPA (recommender + updater); on the papers' profiles, the papers' settings. */
export const vpaEntry = defineScaler({
  name: 'vpa',
  description: 'The Kubernetes Vertical Pod Autoscaler (recommender + updater) as a Scaler: CPU requests from a decaying usage histogram.',
  config: vpaConfigSchema,
  create: (config) => createVpaScaler(config),
  simulation: {
    profiles: ['infadapter', 'ipa', 'sponge'],
    defaults: (profile) => (profile === 'infadapter' ? INFADAPTER_PAPER_VPA : profile === 'sponge' ? SPONGE_PAPER_VPA : {}),
  },
  actuator: (config) => {
    // Off with the target applied rolls the change out like a Deployment update; plain Off never applies.
    const resize = config.mode === 'Off' ? (config.applyOffTarget ? RESIZE.Recreate : RESIZE.Off) : RESIZE[config.mode];
    return { actions: resize.length > 0 ? ['resize', 'await-ready'] : [], resize };
  },
});
