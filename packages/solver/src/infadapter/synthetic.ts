import { randomInt } from '@infscale/core';
import type { InfAdapterProblem } from './problem';

/**
 * A random InfAdapter program: small enough for the oracle when `small`, paper-sized otherwise.
 * Accuracies and load times are drawn from few values so that ties happen; some capacity rows are
 * missing (not profiled).
 */
export function randomInfAdapterProblem(rand: () => number, small = true): InfAdapterProblem {
  const k = small ? randomInt(rand, 1, 3) : 5;
  const budget = small ? randomInt(rand, 0, 7) : 20;
  const variants = Array.from({ length: k }, (_, i) => {
    const minCores = randomInt(rand, 1, 2);
    const maxCores = Math.max(minCores, randomInt(rand, 1, Math.max(1, budget)));
    const caps: (number | undefined)[] = [undefined];
    let c = 0;
    for (let n = 1; n <= maxCores; n++) {
      c += randomInt(rand, 0, small ? 3 : 30);
      caps.push(rand() < 0.1 ? undefined : c);
    }
    return {
      name: `v${i}`,
      accuracy: randomInt(rand, 60, 64) / 100,
      loadTimeS: randomInt(rand, 0, 3),
      minCores,
      maxCores,
      currentCores: rand() < 0.5 ? 0 : randomInt(rand, minCores, maxCores),
      capacityRps: caps,
    };
  });
  const top = variants.reduce((s, v) => s + (v.capacityRps[v.maxCores] ?? 0), 0);
  return {
    variants,
    loadRps: rand() < 0.1 ? 0 : randomInt(rand, 1, Math.max(1, Math.min(top + 2, small ? 14 : 600))),
    budgetCores: budget,
    alpha: randomInt(rand, 0, 4) / 20,
    beta: randomInt(rand, 0, 4) / 20,
    fillOrder: rand() < 0.3 ? 'paper' : 'greedy',
  };
}
