import { ModelBuilder, type LinearModel, type Term } from '../lp/model';
import type { IpaProblem } from './problem';
import type { IpaOption } from './options';

/**
 * One binary per (stage, option) with replicas precomputed (the cheapest feasible count is
 * ceil(λ/h)): no big-M links between choices and integer replicas. Sum mode is then a multiple-choice
 * knapsack. Product mode chains p_s = p_{s−1}·a_s exactly through w_{s,m} = p_{s−1}·z_{s,m}
 * (McCormick rows, exact because z is binary and 0 ≤ p_{s−1} ≤ U_{s−1}).
 */
export function ipaModel(p: IpaProblem, options: readonly IpaOption[][]): LinearModel {
  const m = new ModelBuilder('max');
  const objective: Term[] = [];
  const latency: Term[] = [];
  const cores: Term[] = [];
  options.forEach((opts, s) => {
    const xs = opts.map((o, k) => ({ o, x: m.binary(`x_${s}_${k}`) }));
    m.constrain(
      `one_${s}`,
      xs.map(({ x }) => ({ variable: x, coef: 1 })),
      '=',
      1,
    );
    for (const { o, x } of xs) {
      latency.push({ variable: x, coef: o.latencyMs });
      cores.push({ variable: x, coef: o.cores });
      objective.push({ variable: x, coef: p.accuracy === 'sum' ? p.alpha * o.accuracy - o.cost : -o.cost });
    }
  });
  m.constrain('sla', latency, '<=', p.slaMs);
  if (p.maxCores !== undefined) m.constrain('budget', cores, '<=', p.maxCores);
  if (p.accuracy === 'product') objective.push({ variable: productChain(m, options), coef: p.alpha });
  m.setObjective(objective);
  return m.build();
}

function productChain(m: ModelBuilder, options: readonly IpaOption[][]): string {
  let prev: string | undefined;
  let bound = 1;
  options.forEach((opts, s) => {
    const byAccuracy = new Map<number, number[]>(); // accuracy value → option indices
    opts.forEach((o, k) => byAccuracy.set(o.accuracy, [...(byAccuracy.get(o.accuracy) ?? []), k]));
    const maxA = Math.max(...opts.map((o) => o.accuracy));
    const p = m.continuous(`p_${s}`, 0, bound * maxA);
    const terms: Term[] = [{ variable: p, coef: -1 }];
    [...byAccuracy].forEach(([a, ks], g) => {
      const z = ks.map((k) => ({ variable: `x_${s}_${k}`, coef: 1 }));
      if (prev === undefined) {
        terms.push(...z.map((t) => ({ ...t, coef: a })));
        return;
      }
      const w = m.continuous(`w_${s}_${g}`, 0, bound);
      m.constrain(`wz_${s}_${g}`, [{ variable: w, coef: 1 }, ...z.map((t) => ({ ...t, coef: -bound }))], '<=', 0);
      m.constrain(
        `wp_${s}_${g}`,
        [
          { variable: w, coef: 1 },
          { variable: prev, coef: -1 },
        ],
        '<=',
        0,
      );
      m.constrain(`wl_${s}_${g}`, [{ variable: w, coef: 1 }, { variable: prev, coef: -1 }, ...z.map((t) => ({ ...t, coef: -bound }))], '>=', -bound);
      terms.push({ variable: w, coef: a });
    });
    m.constrain(`prod_${s}`, terms, '=', 0);
    prev = p;
    bound *= maxA;
  });
  return prev!;
}

export function decodeIpa(options: readonly IpaOption[][], values: Readonly<Record<string, number>>): IpaOption[] | undefined {
  const chosen = options.map((opts, s) => opts.find((_, k) => (values[`x_${s}_${k}`] ?? 0) > 0.5));
  return chosen.every((o) => o !== undefined) ? (chosen as IpaOption[]) : undefined;
}
