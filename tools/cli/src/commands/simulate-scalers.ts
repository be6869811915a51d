import type { Forecaster, Scaler } from '@infscale/core';
import { UnknownScalerError, type RegisteredScaler, type ScalerRegistry, type SimulationProfile } from '@infscale/scalers';
import { UsageError } from '../program';

/** A scaler built for one simulation, with the forecaster its loop uses (none for reactive ones). */
export interface SimulatedScaler {
  scaler: Scaler<unknown>;
  forecaster?: Forecaster;
  /** How its restart-based changes roll out unless --restart says otherwise. */
  restart: 'evict' | 'surge';
}

/** The registry's scaler of that name; an unknown one is a usage error naming the closest. */
export function registeredScaler(registry: ScalerRegistry, name: string): RegisteredScaler {
  try {
    return registry.get(name);
  } catch (err) {
    if (err instanceof UnknownScalerError) throw new UsageError(`--scaler: ${err.message}`);
    throw err;
  }
}

const PROFILE_FLAG: Record<SimulationProfile, string> = { infadapter: 'infadapter', ipa: 'ipa:<pipeline>', sponge: 'sponge' };

/**
 * --scaler and --scaler-config on a profile (family[:detail]) → the registry's scaler, with what it
 * runs with on that profile (the paper's settings where a paper compared against it) under the
 * user's config. A scaler that does not run on the profile, or an unknown one, is a usage error.
 */
export async function simulatedScaler(registry: ScalerRegistry, name: string, config: Record<string, unknown>, family: SimulationProfile, detail: string | undefined): Promise<SimulatedScaler> {
  const entry = registeredScaler(registry, name);
  if (!entry.profiles.includes(family)) {
    throw new UsageError(`--scaler ${name} runs on --profile ${entry.profiles.map((p) => PROFILE_FLAG[p]).join(' or ')}, got --profile ${family}`);
  }
  const built = await entry.build({ ...entry.defaults(family, detail), ...config });
  return { ...built, restart: entry.rollout };
}
