import { allowedCores, capacityAt, type InfAdapterProblem } from './problem';
import { accuracyOrder, better, infAdapterObjective, paperOrderHolds, TIE_TOLERANCE, type Candidate } from './evaluate';
import { maxCapacity } from './max-capacity';

/**
 * Exact search over core vectors, most accurate variant first, with the greedy fill for the load.
 * Branches are cut when the remaining budget cannot carry the remaining load (a knapsack table) or
 * when even sending all remaining load to the next most accurate variant cannot beat the incumbent.
 */
export function searchInfAdapter(p: InfAdapterProblem): Candidate | undefined {
  const order = accuracyOrder(p);
  const k = order.length;
  const lambda = p.loadRps;
  // reach[j][r]: most capacity the variants order[j..] can give with ≤ r cores.
  const reach: number[][] = [];
  for (let j = 0; j < k; j++) reach.push(maxCapacity(p, order.slice(j)).byBudget);
  reach.push(new Array<number>(p.budgetCores + 1).fill(0));
  const options = order.map((i) => allowedCores(p.variants[i]!));
  const maxLoadTime = Math.max(...p.variants.map((v) => v.loadTimeS));
  const cores = p.variants.map(() => 0);
  let best: Candidate | undefined;

  const evaluateLeaf = (): void => {
    if (p.fillOrder === 'paper' && !paperOrderHolds(p, order, cores)) return;
    const loads = p.variants.map(() => 0);
    let left = lambda;
    for (const i of order) {
      const take = Math.min(left, capacityAt(p.variants[i]!, cores[i]!) ?? 0);
      loads[i] = take;
      left -= take;
    }
    if (left > 0) return;
    const cand = { objective: infAdapterObjective(p, cores, loads), cores: cores.slice(), loads };
    if (better(cand, best)) best = cand;
  };

  // j: position in accuracy order; filled: load already placed; weighted: Σ load·accuracy so far.
  const visit = (j: number, budget: number, filled: number, weighted: number, used: number, lc: number, capActive: number): void => {
    if (filled >= lambda || j === k) {
      evaluateLeaf(); // remaining variants stay at 0: more cores could only cost
      return;
    }
    if (filled + reach[j]![budget]! < lambda) return;
    if (best) {
      const acc = lambda > 0 ? (weighted + (lambda - filled) * p.variants[order[j]!]!.accuracy) / lambda : 0;
      const bound = acc - (p.budgetCores > 0 ? (p.alpha * used) / p.budgetCores : 0) - (maxLoadTime > 0 ? (p.beta * lc) / maxLoadTime : 0);
      if (bound < best.objective - TIE_TOLERANCE * Math.max(1, Math.abs(bound))) return;
    }
    const i = order[j]!;
    const v = p.variants[i]!;
    for (const n of options[j]!) {
      if (n > budget) break;
      const cap = capacityAt(v, n)!;
      // paper fill order: every variant but the least accurate one fits within λ, together.
      if (p.fillOrder === 'paper' && j < k - 1 && capActive + cap > lambda) continue;
      const take = Math.min(lambda - filled, cap);
      cores[i] = n;
      const changed = n > 0 && n !== v.currentCores ? v.loadTimeS : 0;
      visit(j + 1, budget - n, filled + take, weighted + take * v.accuracy, used + n, Math.max(lc, changed), n > 0 ? capActive + cap : capActive);
      cores[i] = 0;
    }
  };
  visit(0, p.budgetCores, 0, 0, 0, 0, 0);
  return best;
}
