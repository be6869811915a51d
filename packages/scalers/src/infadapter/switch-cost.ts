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

/** The best plan that starts a variant against the best of the running variants alone. */
export interface StartChoice {
  /** Objective of the plan that starts a variant minus that of the running variants' best plan. */
  gain: number;
  /** startCost of the plan that starts a variant. */
  cost: number;
  coresStarting: number;
  coresRunning: number;
}

/**
 * Whether to keep to the running variants: the plan starts a variant for accuracy (it needs at least the
 * cores the running variants would) and gains no more than starting it costs. A plan that starts a
 * variant to need fewer cores is never held back: it pays for itself over the intervals it lasts
 * (weighing those too planned the segment at 1.346 × the frontier instead of 1.299). Pure.
 */
export function keepRunning(c: StartChoice): boolean {
  return c.cost > 0 && c.coresRunning <= c.coresStarting && c.gain <= c.cost;
}
