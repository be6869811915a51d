import type { Forecaster, Scaler } from '@infscale/core';
import { latencyCoefficients, UnknownScalerError, type RegisteredScaler, type ScalerRegistry, type SimulationProfile } from '@infscale/scalers';
import { improvedInfAdapterConfig, paperInfAdapterConfig, paperVpa, type UserProfile } from '@infscale/experiments';
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
 * What a user's profile file (--profile-file) changes in a scaler's simulation config: on the infadapter
 * profile the variants, SLO and budget (InfAdapter with its default method, MS+ with the paper's, VPA
 * within the budget); on the sponge profile Sponge's latency model and SLO. Empty without a file.
 */
export function userProfileConfig(name: string, family: SimulationProfile, own: UserProfile | undefined): Record<string, unknown> | undefined {
  if (family === 'infadapter' && own?.infadapter) {
    if (name === 'infadapter') return improvedInfAdapterConfig(own.infadapter);
    if (name === 'ms-plus') return paperInfAdapterConfig(own.infadapter);
    if (name === 'vpa') return paperVpa(own.infadapter.settings.maxCores);
  }
  if (family === 'sponge' && own?.sponge && name === 'sponge') {
    return { latencyModel: latencyCoefficients(own.sponge.model), ...(own.sponge.sloMs !== undefined ? { slo: { latencyMs: own.sponge.sloMs } } : {}) };
  }
  return undefined;
}

/**
 * --scaler and --scaler-config on a profile (family[:detail]) → the registry's scaler, with what it
 * runs with on that profile (the paper's settings where a paper compared against it) under the
 * user's config. A scaler that does not run on the profile, or an unknown one, is a usage error.
 */
export async function simulatedScaler(
  registry: ScalerRegistry,
  name: string,
  config: Record<string, unknown>,
  family: SimulationProfile,
  detail: string | undefined,
  own?: UserProfile,
): Promise<SimulatedScaler> {
  const entry = registeredScaler(registry, name);
  if (!entry.profiles.includes(family)) {
    throw new UsageError(`--scaler ${name} runs on --profile ${entry.profiles.map((p) => PROFILE_FLAG[p]).join(' or ')}, got --profile ${family}`);
  }
  // A profile file's variants replace the bundled profile (InfAdapter's and MS+'s `profile` would name the paper's).
  const fromFile = userProfileConfig(name, family, own);
  const defaults = entry.defaults(family, detail);
  const base = fromFile && family === 'infadapter' ? fromFile : { ...defaults, ...fromFile };
  const built = await entry.build({ ...base, ...config });
  return { ...built, restart: entry.rollout };
}
