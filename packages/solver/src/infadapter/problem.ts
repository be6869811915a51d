/** InfAdapter's program: which variants run, with how many cores, and how the load is split. */

export interface InfAdapterVariant {
  name: string;
  accuracy: number;
  /** Seconds to load the model (the loading-cost term). */
  loadTimeS: number;
  /** Cores when active: n ∈ {0} ∪ [minCores, maxCores]. */
  minCores: number;
  maxCores: number;
  /** Cores in the running configuration (0 = not running). */
  currentCores: number;
  /**
   * Sustainable req/s at the SLO, indexed by cores; `undefined` = not profiled, so that core count is
   * not allowed. Integer values (loads are integers).
   */
  capacityRps: readonly (number | undefined)[];
}

/**
 * `greedy`: any active variant may be over-provisioned (the load goes to the most accurate first).
 * `paper`: the paper's Gurobi model exactly. Its remaining-load variables rl[i] = λ − Σ_{j>i} tp[j]
 * (variants in ascending accuracy) are integers with lower bound 0, so every variant except the least
 * accurate one of the problem — active or not — together have capacity ≤ λ: at λ = 70 a lone
 * ResNet50 at 9 cores (capacity 71) is infeasible there. Each of them then carries its full capacity
 * and the least accurate one the rest.
 */
export type FillOrder = 'greedy' | 'paper';

export interface InfAdapterProblem {
  variants: InfAdapterVariant[];
  /** λ, a whole number of req/s. */
  loadRps: number;
  budgetCores: number;
  alpha: number;
  beta: number;
  fillOrder: FillOrder;
}

export interface InfAdapterAllocation {
  variant: string;
  cores: number;
  /** Integer req/s sent to this variant; the quotas sum to λ. */
  quotaRps: number;
  capacityRps: number;
}

export interface InfAdapterDecision {
  /** Active variants only, most accurate first. */
  allocations: InfAdapterAllocation[];
  totalCores: number;
  /** Σ quota·accuracy / λ (0 when λ = 0). */
  accuracy: number;
  /** Largest load time (s) among variants started or resized to non-zero cores. */
  loadingCostS: number;
}

/** Cores → capacity, or undefined when that count is not allowed for the variant. */
export function capacityAt(v: InfAdapterVariant, cores: number): number | undefined {
  if (cores === 0) return 0;
  if (cores < v.minCores || cores > v.maxCores) return undefined;
  return v.capacityRps[cores];
}

/** Every allowed core count of a variant, 0 first. */
export function allowedCores(v: InfAdapterVariant): number[] {
  const out = [0];
  for (let n = Math.max(1, v.minCores); n <= v.maxCores; n++) if (capacityAt(v, n) !== undefined) out.push(n);
  return out;
}

/** Explains what is wrong with a problem, or undefined when it is well formed. */
export function invalidInfAdapter(p: InfAdapterProblem): string | undefined {
  if (!Number.isInteger(p.loadRps) || p.loadRps < 0) return `load must be a whole number of req/s ≥ 0 (got ${p.loadRps}); round the forecast up`;
  if (!Number.isInteger(p.budgetCores) || p.budgetCores < 0) return `budget must be a whole number of cores ≥ 0 (got ${p.budgetCores})`;
  if (!(p.alpha >= 0) || !(p.beta >= 0)) return `alpha and beta must be ≥ 0 (got ${p.alpha}, ${p.beta})`;
  if (p.variants.length === 0) return 'no variants to choose from';
  const names = new Set<string>();
  for (const v of p.variants) {
    if (names.has(v.name)) return `variant ${v.name} appears twice`;
    names.add(v.name);
    if (!Number.isFinite(v.accuracy)) return `variant ${v.name}: accuracy ${v.accuracy} is not a number`;
    if (!(v.loadTimeS >= 0)) return `variant ${v.name}: load time must be ≥ 0 (got ${v.loadTimeS})`;
    if (!Number.isInteger(v.minCores) || !Number.isInteger(v.maxCores) || v.minCores < 1 || v.maxCores < v.minCores) {
      return `variant ${v.name}: cores range [${v.minCores}, ${v.maxCores}] must be whole numbers with 1 ≤ min ≤ max`;
    }
    if (!Number.isInteger(v.currentCores) || v.currentCores < 0) return `variant ${v.name}: current cores must be a whole number ≥ 0 (got ${v.currentCores})`;
    for (const [n, c] of v.capacityRps.entries()) {
      if (c !== undefined && (!Number.isInteger(c) || c < 0)) return `variant ${v.name}: capacity at ${n} cores must be a whole number ≥ 0 (got ${c})`;
    }
  }
  return undefined;
}
