import { loadInfAdapterProfiles } from '@infscale/profiles';
import { infAdapterVariantsFromProfiles, type InfAdapterConfigInput } from '@infscale/scalers';
import { profileFromCapacities, type LatencyProfile } from '@infscale/emulator';

/** Two of the paper's variants: the lightest and the most accurate. */
export const VARIANTS = ['resnet18', 'resnet152'] as const;
/** A small budget so that a load step of a few tens of req/s needs a different configuration. */
export const BUDGET_CORES = 6;

const profiled = infAdapterVariantsFromProfiles(loadInfAdapterProfiles(), { capacity: 'fit', maxCores: BUDGET_CORES }).filter((v) =>
  (VARIANTS as readonly string[]).includes(v.name),
);

/**
 * The InfAdapter scaler's config, with the paper's profiles and test-sized intervals; the paper's
 * method, whose decisions the test checks against the exhaustive oracle from the same inputs (the
 * improved method's also depend on what it calibrated over the run).
 */
export function infAdapterTestConfig(): InfAdapterConfigInput {
  return {
    method: 'paper',
    interval: '2s',
    firstDecisionAfter: '4s',
    // The EWMA forecaster keeps the maximum of the history: a short history lets it come back down.
    historySeconds: 6,
    downscaleStabilizationDecisions: 2,
    budget: { cores: BUDGET_CORES },
    resourcePolicy: { minCores: 2, maxCores: BUDGET_CORES },
    forecast: { model: 'ewma', margin: 0.1 },
    variants: profiled,
  };
}

/** Serving time per request for the emulator, from the variant's profiled capacities. */
export function emulatorProfile(variant: string): LatencyProfile {
  const v = profiled.find((p) => p.name === variant);
  if (!v) throw new Error(`no profile for ${variant}`);
  return profileFromCapacities(v.capacityRps);
}
