import type { InfAdapterAllocation, InfAdapterProblem } from '@infscale/solver';

/**
 * What starting variants that do not run yet costs, in the objective's own units: each new pod holds
 * its cores for its model load beside what already runs (make-before-break), α · cores · load / budget,
 * spread over the decision interval. The solver's loading term charges any core change alike (an
 * in-place resize as much as a new variant, and at the paper's β, 0.001, almost nothing), so a load
 * near a threshold flipped a variant in and out every interval (ResNet50 at 6 cores ↔ ResNet50 at 3 +
 * ResNet101 at 5, 59 ↔ 61 req/s, on a training-day window). Pure.
 */
export function startCost(problem: InfAdapterProblem, allocations: readonly InfAdapterAllocation[], intervalS: number): number {
  if (!(problem.budgetCores > 0) || !(intervalS > 0)) return 0;
  let coreSeconds = 0;
  for (const a of allocations) {
    const v = problem.variants.find((x) => x.name === a.variant);
    if (v && v.currentCores === 0 && a.cores > 0) coreSeconds += a.cores * v.loadTimeS;
  }
  return (problem.alpha * coreSeconds) / intervalS / problem.budgetCores;
}

/**
 * Whether to keep to the running variants: the best plan starts a variant, and what it gains over the
 * best plan among the running ones (resized in place) does not pay for starting it. Pure.
 */
export function keepRunning(gainOverRunning: number, cost: number): boolean {
  return cost > 0 && gainOverRunning <= cost;
}
