import { allowedCores, capacityAt, type InfAdapterProblem } from './problem';
import { TooBigForOracle } from '../oracle-limit';
import { accuracyOrder, better, infAdapterObjective, paperOrderHolds, type Candidate } from './evaluate';

/**
 * The oracle: every core vector within the budget × every integer load split with l_i ≤ c_i(n_i)
 * and Σ l_i = λ, scored with the objective as written. No greedy fill, no pruning beyond feasibility.
 */
export function enumerateInfAdapter(p: InfAdapterProblem, maxLeaves = 5_000_000): Candidate | undefined {
  const order = accuracyOrder(p);
  const options = p.variants.map(allowedCores);
  const k = p.variants.length;
  const cores = p.variants.map(() => 0);
  const loads = p.variants.map(() => 0);
  let best: Candidate | undefined;
  let leaves = 0;

  const splitLoads = (i: number, left: number, caps: number[]): void => {
    if (i === k) {
      if (left !== 0) return;
      if (++leaves > maxLeaves) throw new TooBigForOracle(`more than ${maxLeaves} points`);
      const cand = { objective: infAdapterObjective(p, cores, loads), cores: cores.slice(), loads: loads.slice() };
      if (better(cand, best)) best = cand;
      return;
    }
    for (let l = 0; l <= Math.min(left, caps[i]!); l++) {
      loads[i] = l;
      splitLoads(i + 1, left - l, caps);
    }
    loads[i] = 0;
  };

  const chooseCores = (i: number, budget: number): void => {
    if (i === k) {
      if (p.fillOrder === 'paper' && !paperOrderHolds(p, order, cores)) return;
      const caps = p.variants.map((v, j) => capacityAt(v, cores[j]!) ?? 0);
      if (caps.reduce((s, c) => s + c, 0) < p.loadRps) return;
      splitLoads(0, p.loadRps, caps);
      return;
    }
    for (const n of options[i]!) {
      if (n > budget) continue;
      cores[i] = n;
      chooseCores(i + 1, budget - n);
    }
    cores[i] = 0;
  };
  chooseCores(0, p.budgetCores);
  return best;
}
