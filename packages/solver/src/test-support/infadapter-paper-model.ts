import { allowedCores, capacityAt, type InfAdapterProblem } from '../infadapter/problem';

/**
 * The InfAdapter paper's Gurobi program (auto_tuner/adapter/reconfig.py, run_optimizer), variable by
 * variable, enumerated over every core vector within the budget. Variants in ascending accuracy (as
 * sorted(model_versions) orders them): tp[i] = the capacity at n[i]; rl[i] = λ − Σ_{j>i} tp[j] is an
 * integer with lower bound 0; l[i] = min(tp[i], rl[i]); Σ tp ≥ λ; Σ n ≤ budget. Objective
 * Σ l[i]/λ·acc[i] − α·Σn/budget − β·LC/max load time, LC the largest load time of a variant whose n
 * is neither 0 nor its previous value. Returns the best objective and one core vector reaching it.
 */
export function paperModelOptimum(p: InfAdapterProblem): { objective: number; cores: number[] } | undefined {
  const order = p.variants.map((_, i) => i).sort((a, b) => p.variants[a]!.accuracy - p.variants[b]!.accuracy || b - a);
  const maxLoadTime = Math.max(...p.variants.map((v) => v.loadTimeS));
  const lambda = p.loadRps;
  const n = p.variants.map(() => 0);
  let best: { objective: number; cores: number[] } | undefined;
  const leaf = (): void => {
    const tp = order.map((i) => capacityAt(p.variants[i]!, n[i]!)!);
    let aa = 0;
    let suffix = 0;
    for (let k = order.length - 1; k >= 0; k--) {
      const rl = lambda - suffix;
      if (rl < 0) return;
      const l = Math.min(tp[k]!, rl);
      aa += lambda > 0 ? (l / lambda) * p.variants[order[k]!]!.accuracy : 0;
      suffix += tp[k]!;
    }
    if (suffix < lambda) return;
    const rc = n.reduce((a, b) => a + b, 0);
    let lc = 0;
    p.variants.forEach((v, i) => {
      if (n[i] !== 0 && n[i] !== v.currentCores) lc = Math.max(lc, v.loadTimeS);
    });
    const objective = aa - (p.budgetCores > 0 ? (p.alpha * rc) / p.budgetCores : 0) - (maxLoadTime > 0 ? (p.beta * lc) / maxLoadTime : 0);
    if (!best || objective > best.objective) best = { objective, cores: n.slice() };
  };
  const visit = (i: number, budget: number): void => {
    if (i === p.variants.length) return leaf();
    for (const c of allowedCores(p.variants[i]!)) {
      if (c > budget) break;
      n[i] = c;
      visit(i + 1, budget - c);
    }
    n[i] = 0;
  };
  visit(0, p.budgetCores);
  return best;
}
