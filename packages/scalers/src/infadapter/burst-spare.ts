import type { InfAdapterAllocation, InfAdapterProblem } from '@infscale/solver';
import type { InfAdapterConfig } from './infadapter-config';

/**
 * improved, opt-in: after a flash crowd, the lightest variant is kept loaded at its fewest cores beside
 * the plan, taking no traffic, so that the next flash crowd needs an in-place resize (a second), not a
 * model load (6-9 s for a ResNet). It costs those cores all the time it is held: on traffic without
 * flash crowds it buys nothing (README, "Shapes the Twitter trace holds little of").
 */
export interface BurstSpareSettings {
  /** How long after the last flash crowd the spare is held, ms. */
  holdForMs: number;
  /** A burst counts as a flash crowd when the load it needs is at least this many times the last λ. */
  minRise: number;
  /** The variant kept as the spare; absent: the lightest (lightestVariant). */
  variant?: string;
}

/** A burst needing at least minRise × the last λ (the caller checks that the variants taking traffic could not carry it). */
export function isFlashCrowd(settings: BurstSpareSettings, neededRps: number, lastLambdaRps: number | undefined): boolean {
  return lastLambdaRps !== undefined && neededRps >= settings.minRise * lastLambdaRps;
}

/** Whether a plan made now should carry the spare: a flash crowd was seen within holdFor. */
export function spareWanted(settings: BurstSpareSettings, lastFlashCrowdMs: number | undefined, nowMs: number): boolean {
  return lastFlashCrowdMs !== undefined && nowMs - lastFlashCrowdMs <= settings.holdForMs;
}

/**
 * The variant a flash crowd is met by: the one that serves the most at the most cores a variant may have
 * (the lightest, by the problem's capacities). Undefined when no variant has a capacity there.
 */
export function lightestVariant(problem: InfAdapterProblem): string | undefined {
  let best: { name: string; rps: number } | undefined;
  for (const v of problem.variants) {
    const rps = v.capacityRps[v.maxCores] ?? 0;
    if (rps > 0 && (!best || rps > best.rps)) best = { name: v.name, rps };
  }
  return best?.name;
}

/**
 * The plan with the spare beside it: the named variant (default the lightest) at its fewest cores with
 * a quota of 0 (no traffic), unless the plan already runs it or the budget has no room for it. Returns
 * the plan unchanged (spare undefined) then.
 */
export function withBurstSpare(
  problem: InfAdapterProblem,
  allocations: readonly InfAdapterAllocation[],
  variant?: string,
): { allocations: readonly InfAdapterAllocation[]; spare?: InfAdapterAllocation } {
  const name = variant ?? lightestVariant(problem);
  const v = problem.variants.find((x) => x.name === name);
  if (!v || allocations.some((a) => a.variant === v.name)) return { allocations };
  const used = allocations.reduce((a, x) => a + x.cores, 0);
  // The fewest cores with a capacity (a profile may start above minCores).
  let cores = v.minCores;
  while (cores <= v.maxCores && !(v.capacityRps[cores] !== undefined && v.capacityRps[cores]! > 0)) cores++;
  if (cores > v.maxCores || used + cores > problem.budgetCores) return { allocations };
  const spare: InfAdapterAllocation = { variant: v.name, cores, quotaRps: 0, capacityRps: v.capacityRps[cores]! };
  return { allocations: [...allocations, spare], spare };
}

/** The configured spare's settings, or undefined when it is off (or the method is not improved). */
export function burstSpareSettings(config: Pick<InfAdapterConfig, 'burstSpare' | 'method'>): BurstSpareSettings | undefined {
  if (config.burstSpare === 'off' || config.method !== 'improved') return undefined;
  const { holdFor, minRise, variant } = config.burstSpare;
  return { holdForMs: holdFor, minRise, ...(variant !== undefined ? { variant } : {}) };
}
