import { ModelBuilder, type LinearModel, type Term } from '../lp/model';
import { allowedCores, capacityAt, type InfAdapterProblem } from './problem';
import { accuracyOrder } from './evaluate';

/**
 * Pure-binary choice of cores per variant (capacity is a table in n, so one binary per allowed n),
 * integer loads bounded by the chosen capacity, and LC ≥ loadTime_i for each variant whose cores
 * change to a non-zero value. The paper fill order is one more row on the chosen capacities.
 */
export function infAdapterModel(p: InfAdapterProblem): LinearModel {
  const m = new ModelBuilder('max');
  const lambda = p.loadRps;
  const maxLoadTime = Math.max(...p.variants.map((v) => v.loadTimeS));
  const lc = m.continuous('lc', 0, Math.max(0, maxLoadTime));
  const objective: Term[] = [];
  const loadTerms: Term[] = [];
  const capTerms: Term[][] = [];
  let budgetTerms: Term[] = [];

  p.variants.forEach((v, i) => {
    const choices = allowedCores(v).filter((n) => n > 0);
    const maxCap = Math.max(0, ...choices.map((n) => capacityAt(v, n)!));
    const load = m.integer(`l_${i}`, 0, maxCap);
    loadTerms.push({ variable: load, coef: 1 });
    if (lambda > 0) objective.push({ variable: load, coef: v.accuracy / lambda });
    const xs = choices.map((n) => ({ n, x: m.binary(`x_${i}_${n}`) }));
    m.constrain(
      `one_${i}`,
      xs.map(({ x }) => ({ variable: x, coef: 1 })),
      '<=',
      1,
    );
    capTerms.push(xs.map(({ n, x }) => ({ variable: x, coef: capacityAt(v, n)! })));
    m.constrain(`cap_${i}`, [{ variable: load, coef: 1 }, ...xs.map(({ n, x }) => ({ variable: x, coef: -capacityAt(v, n)! }))], '<=', 0);
    budgetTerms = budgetTerms.concat(xs.map(({ n, x }) => ({ variable: x, coef: n })));
    if (p.budgetCores > 0) objective.push(...xs.map(({ n, x }) => ({ variable: x, coef: (-p.alpha * n) / p.budgetCores })));
    const changed = xs.filter(({ n }) => n !== v.currentCores);
    if (v.loadTimeS > 0 && changed.length > 0) {
      m.constrain(`lc_${i}`, [{ variable: lc, coef: 1 }, ...changed.map(({ x }) => ({ variable: x, coef: -v.loadTimeS }))], '>=', 0);
    }
  });
  m.constrain('budget', budgetTerms, '<=', p.budgetCores);
  m.constrain('load', loadTerms, '=', lambda);
  if (maxLoadTime > 0) objective.push({ variable: lc, coef: -p.beta / maxLoadTime });

  if (p.fillOrder === 'paper') {
    // The paper's rl[i] ≥ 0: every variant but the least accurate one together within λ.
    const order = accuracyOrder(p);
    m.constrain(
      'paper',
      order.slice(0, -1).flatMap((i) => capTerms[i]!),
      '<=',
      lambda,
    );
  }
  m.setObjective(objective);
  return m.build();
}

/** Reads cores and loads (problem order) back from a verified assignment. */
export function decodeInfAdapter(p: InfAdapterProblem, values: Readonly<Record<string, number>>): { cores: number[]; loads: number[] } {
  const cores = p.variants.map((v, i) => allowedCores(v).find((n) => n > 0 && (values[`x_${i}_${n}`] ?? 0) > 0.5) ?? 0);
  const loads = p.variants.map((_, i) => Math.round(values[`l_${i}`] ?? 0));
  return { cores, loads };
}
