import { fittedCapacityRps, profiledCapacityRps, type InfAdapterProfiles } from '@infscale/profiles';
import type { FillOrder, InfAdapterProblem } from './problem';

/** The paper's smallest non-zero allocation (capacity_model_coefficients.json: min_cores_per_active_variant). */
export const PAPER_MIN_CORES = 2;
/** The paper's starting configuration: ResNet152 at 20 cores. */
export const PAPER_START: Readonly<Record<string, number>> = { resnet152: 20 };

export interface InfAdapterSettings {
  loadRps: number;
  /** `fit`: the paper's linear fit at 750 ms × 0.8, floored; `table`: the profiled capacities at sloMs. */
  capacity?: 'fit' | 'table';
  sloMs?: number;
  budgetCores?: number;
  minCores?: number;
  alpha?: number;
  beta?: number;
  /** Running cores per variant name; absent names run 0 cores. */
  current?: Readonly<Record<string, number>>;
  fillOrder?: FillOrder;
}

/** Builds the program from the bundled profiles with the paper's defaults, or says what is wrong. */
export function infAdapterProblemFromProfiles(profiles: InfAdapterProfiles, s: InfAdapterSettings): { problem: InfAdapterProblem } | { error: string } {
  const capacity = s.capacity ?? 'fit';
  const sloMs = s.sloMs ?? profiles.settings.sloMs;
  const budget = s.budgetCores ?? profiles.settings.maxCores;
  const minCores = s.minCores ?? PAPER_MIN_CORES;
  const current = s.current ?? PAPER_START;
  if (capacity === 'fit' && sloMs !== profiles.settings.sloMs) {
    return { error: `the capacity fit exists only for SLO ${profiles.settings.sloMs} ms (got ${sloMs}); use the profiled table for other SLOs` };
  }
  for (const name of Object.keys(current)) {
    if (!profiles.variants.some((v) => v.name === name))
      return { error: `unknown variant "${name}" in the current configuration (known: ${profiles.variants.map((v) => v.name).join(', ')})` };
  }
  const variants = profiles.variants.map((v) => {
    const caps: (number | undefined)[] = [undefined];
    for (let n = 1; n <= budget; n++) {
      if (capacity === 'fit') {
        const fit = profiles.fits[v.name]!;
        caps.push(fittedCapacityRps(fit, n, profiles.capacityCoefficient));
      } else {
        const c = profiledCapacityRps(v, n, sloMs);
        caps.push(c === undefined ? undefined : Math.floor(c));
      }
    }
    return {
      name: v.name,
      accuracy: v.accuracy,
      loadTimeS: v.loadTimeS ?? 0,
      minCores,
      maxCores: Math.max(minCores, budget),
      currentCores: current[v.name] ?? 0,
      capacityRps: caps,
    };
  });
  return {
    problem: {
      variants,
      loadRps: s.loadRps,
      budgetCores: budget,
      alpha: s.alpha ?? profiles.settings.alpha,
      beta: s.beta ?? profiles.settings.beta,
      fillOrder: s.fillOrder ?? 'greedy',
    },
  };
}
