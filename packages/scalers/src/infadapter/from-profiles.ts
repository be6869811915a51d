import { infAdapterProblemFromProfiles } from '@infscale/solver';
import type { InfAdapterVariantConfig } from './infadapter-config';

/** The bundled profiles (loadInfAdapterProfiles() of @infscale/profiles), typed through the solver. */
export type InfAdapterProfileData = Parameters<typeof infAdapterProblemFromProfiles>[0];

export interface ProfileVariantOptions {
  /** `fit`: the paper's linear fit at 750 ms × 0.8 (what its optimizer used); `table`: profiled capacities at sloMs. */
  capacity?: 'fit' | 'table';
  sloMs?: number;
  /** Highest core count to describe (default the profiles' budget, 20). */
  maxCores?: number;
}

/**
 * The `variants:` entries of a config from the bundled profiles, so the app and the comparison build
 * the scaler from data rather than hand-copied numbers. Pure: the caller loads the profiles.
 */
export function infAdapterVariantsFromProfiles(profiles: InfAdapterProfileData, options: ProfileVariantOptions = {}): InfAdapterVariantConfig[] {
  const built = infAdapterProblemFromProfiles(profiles, {
    loadRps: 0,
    capacity: options.capacity,
    sloMs: options.sloMs,
    budgetCores: options.maxCores,
    minCores: 1,
    current: {},
  });
  if ('error' in built) throw new Error(`infadapter profiles: ${built.error}`);
  return built.problem.variants.map((v) => ({
    name: v.name,
    accuracy: v.accuracy,
    loadTimeS: v.loadTimeS,
    // The solver indexes by cores (entry 0 = 0 cores); the config lists 1, 2, 3… cores.
    capacityRps: v.capacityRps.slice(1).map((c) => (c === undefined ? null : c)),
  }));
}
