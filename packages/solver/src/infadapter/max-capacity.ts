import { allowedCores, capacityAt, type InfAdapterProblem } from './problem';

export interface MaxCapacity {
  capacityRps: number;
  /** Most capacity with ≤ r cores, for every r in 0..budget. */
  byBudget: number[];
  /** Cores per variant (problem order) reaching that capacity. */
  cores: number[];
}

/**
 * The most req/s any configuration within the budget can serve (a knapsack over cores), used for
 * feasibility and to tell a person how far the load is out of reach.
 */
export function maxCapacity(p: InfAdapterProblem, variantIndices: readonly number[] = p.variants.map((_, i) => i)): MaxCapacity {
  const B = p.budgetCores;
  // best[r] = most capacity with ≤ r cores over the variants seen so far; choice[k][r] = cores of variant k.
  let best = new Array<number>(B + 1).fill(0);
  const choice: number[][] = [];
  for (const i of variantIndices) {
    const v = p.variants[i]!;
    const next = best.slice();
    const pick = new Array<number>(B + 1).fill(0);
    for (const n of allowedCores(v)) {
      if (n === 0) continue;
      const cap = capacityAt(v, n)!;
      for (let r = n; r <= B; r++) {
        if (best[r - n]! + cap > next[r]!) {
          next[r] = best[r - n]! + cap;
          pick[r] = n;
        }
      }
    }
    choice.push(pick);
    best = next;
  }
  const cores = p.variants.map(() => 0);
  let r = B;
  for (let k = variantIndices.length - 1; k >= 0; k--) {
    const n = choice[k]![r]!;
    cores[variantIndices[k]!] = n;
    r -= n;
  }
  return { capacityRps: best[B]!, byBudget: best, cores };
}

/** "473 req/s with resnet18 at 20 cores" */
export function describeCapacity(p: InfAdapterProblem, m: MaxCapacity): string {
  const parts = p.variants.flatMap((v, i) => (m.cores[i]! > 0 ? [`${v.name} at ${m.cores[i]} cores`] : []));
  return `${m.capacityRps} req/s${parts.length > 0 ? ` with ${parts.join(' + ')}` : ''}`;
}
