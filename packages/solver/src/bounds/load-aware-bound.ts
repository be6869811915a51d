import { boundSetup, windowIntervals, type PasBoundInput, type PipelineConfiguration } from './ipa-bound';
import { wholeReplicaOptions, type WholeReplicaOption } from './whole-replica-bound';

export interface LoadAwareBoundInput extends PasBoundInput {
  /** Seconds a new pod holds its cores before it serves (its model load). */
  loadS: number;
}

export type LoadAwareBound =
  | {
      feasible: true;
      /** No system of the class below does better (a Lagrangian bound: valid whatever the multipliers). */
      pas: number;
      /** The multipliers of the budget and of the free requests the bound was taken at. */
      mu: number;
      nu: number;
    }
  | { feasible: false };

/** Mean cores the new pods of `to` hold while they load, coming from `from`: a stage whose variant changes loads all its replicas. */
function loadCost(configs: readonly PipelineConfiguration[], from: WholeReplicaOption, to: WholeReplicaOption, loadS: number, durationS: number): number {
  const a = configs[from.k]!;
  const b = configs[to.k]!;
  let cores = 0;
  b.stages.forEach((st, i) => {
    const added = a.variants[i] === b.variants[i] ? Math.max(0, to.replicas[i]! - from.replicas[i]!) : to.replicas[i]!;
    cores += added * st.baseCores;
  });
  return (cores * loadS) / durationS;
}

/** max over paths of Σ value − μ·(cost + load cost) − ν·free, by dynamic programming over the intervals; loads[t][i][j]: from choice j of interval t − 1 to choice i of t. */
function bestPath(options: readonly WholeReplicaOption[][], worth: readonly Float64Array[], loads: readonly Float64Array[][], mu: number, nu: number): number {
  let prev = Float64Array.from(options[0]!, (o, i) => worth[0]![i]! - mu * o.cost - nu * o.free);
  for (let t = 1; t < options.length; t++) {
    const next = new Float64Array(options[t]!.length);
    options[t]!.forEach((o, i) => {
      const row = loads[t]![i]!;
      let best = -Infinity;
      for (let j = 0; j < prev.length; j++) {
        const v = prev[j]! - mu * row[j]!;
        if (v > best) best = v;
      }
      next[i] = best + worth[t]![i]! - mu * o.cost - nu * o.free;
    });
    prev = next;
  }
  return Math.max(...prev);
}

/** The least of a convex function of one variable on [lo, hi] (golden section), with its argument. */
function convexMin(f: (x: number) => number, lo: number, hi: number, steps: number): { x: number; value: number } {
  const g = (Math.sqrt(5) - 1) / 2;
  let [a, b] = [lo, hi];
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < steps; i++) {
    if (fc < fd) {
      [b, d, fd] = [d, c, fc];
      c = b - g * (b - a);
      fc = f(c);
    } else {
      [a, c, fc] = [c, d, fd];
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  const ends = [
    { x: lo, value: f(lo) },
    { x: c, value: fc },
    { x: d, value: fd },
  ];
  return ends.reduce((m, e) => (e.value < m.value ? e : m));
}

/**
 * An upper bound on the load-weighted PAS of any system of the whole-replica frontier's class (one
 * variant per stage, whole replicas set once per interval and sized for its mean rate, a mean-core
 * budget, the free share anywhere) that also pays for its model loads: a new pod holds its cores for
 * `loadS` before it serves, and a stage whose variant changes starts all its replicas anew. The budget
 * and the free share are relaxed with multipliers μ, ν ≥ 0 and the rest is solved exactly by dynamic
 * programming over the intervals (state: each interval's choice), so any μ, ν give a bound; the least
 * found by a search over both is returned. With loadS = 0 it is the frontier's bound again (the
 * Lagrangian dual of a choice per interval equals its LP relaxation). Splits of a stage between two
 * variants are not in the class.
 */
export function pasUpperBoundWithLoads(input: LoadAwareBoundInput): LoadAwareBound {
  const { configs, freeShare, bestPas } = boundSetup(input);
  const durationS = input.arrivals.length;
  const intervals = windowIntervals(input.arrivals, input.intervalS ?? 10);
  const total = intervals.reduce((a, w) => a + w.count, 0);
  if (total === 0 || freeShare === 1) return { feasible: true, pas: bestPas, mu: 0, nu: 0 };
  const limit = freeShare * total;
  const options = wholeReplicaOptions(configs, intervals, limit, durationS, input.sizing ?? 'mean');
  // Each interval's cheapest choice (free requests up to the whole limit in each, no loads) costs less
  // than any plan: over the budget, no plan fits.
  const cheapest = options.reduce((a, opts) => a + Math.min(...opts.map((o) => o.cost)), 0);
  if (!(cheapest <= input.budgetMeanCores + 1e-12)) return { feasible: false };
  const worth = options.map((opts) => Float64Array.from(opts, (o) => (o.served * configs[o.k]!.pas + o.free * bestPas) / total));
  const loads = options.map((opts, t) =>
    t === 0 ? [] : opts.map((o) => Float64Array.from(options[t - 1]!, (from) => loadCost(configs, from, o, input.loadS, durationS))),
  );
  const dual = (mu: number, nu: number) => bestPath(options, worth, loads, mu, nu) + mu * input.budgetMeanCores + nu * limit;
  // Past these a core costs more than any PAS it could buy, and a free request more than its PAS and
  // the replica it could save: the minimum lies below.
  const bases = configs.flatMap((c) => c.stages.map((st) => st.baseCores)).filter((x) => x > 0);
  const longest = Math.max(...intervals.map((w) => w.lengthS));
  const muMax = (2 * bestPas * durationS) / (Math.min(...bases) * Math.min(...intervals.map((w) => w.lengthS)));
  const nuMax = (mu: number) => (2 * bestPas) / total + (mu * Math.max(...bases) * longest * Math.max(...configs.map((c) => c.stages.length))) / durationS;
  let best = { mu: 0, nu: 0, value: Infinity };
  const overNu = (mu: number): number => {
    const m = limit > 0 ? convexMin((nu) => dual(mu, nu), 0, nuMax(mu), 40) : { x: 0, value: dual(mu, 0) };
    if (m.value < best.value) best = { mu, nu: m.x, value: m.value };
    return m.value;
  };
  convexMin(overNu, 0, muMax, 40);
  return { feasible: true, pas: Math.min(best.value, bestPas), mu: best.mu, nu: best.nu };
}
