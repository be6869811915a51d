import type { Scaler } from '@infscale/core';
import { createHpaScaler, createStaticScaler, createVpaScaler } from '@infscale/scalers';

/** How the CLI builds a scaler from --scaler and --scaler-config, given the profile family. */
export type ScalerFactory = (config: Record<string, unknown>, profile: string) => Scaler<unknown>;

/**
 * The scalers `infscale simulate` knows. VPA on the InfAdapter profile defaults to that paper's
 * baseline (Off mode, target applied, whole cores in [2, 20], minReplicas 1); elsewhere to stock VPA.
 * Add one line per new scaler.
 */
export const SIMULATE_SCALERS: Record<string, ScalerFactory> = {
  static: (config) => createStaticScaler(config) as Scaler<unknown>,
  vpa: (config, profile) =>
    createVpaScaler(profile === 'infadapter' ? { mode: 'Off', applyOffTarget: true, integerCores: true, minCores: 2, maxCores: 20, minReplicas: 1, ...config } : config) as Scaler<unknown>,
  hpa: (config) => createHpaScaler({ target: 0.7, ...config }) as Scaler<unknown>,
};
