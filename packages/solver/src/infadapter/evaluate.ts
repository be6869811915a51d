import { capacityAt, type InfAdapterDecision, type InfAdapterProblem } from './problem';

/** Variant indices, most accurate first (ties keep the problem's order). */
export function accuracyOrder(p: InfAdapterProblem): number[] {
  return p.variants.map((_, i) => i).sort((a, b) => p.variants[b]!.accuracy - p.variants[a]!.accuracy || a - b);
}

function capacities(p: InfAdapterProblem, cores: readonly number[]): number[] {
  return p.variants.map((v, i) => capacityAt(v, cores[i]!) ?? 0);
}

/** The largest load time among variants whose cores change to a non-zero value. */
export function loadingCostS(p: InfAdapterProblem, cores: readonly number[]): number {
  let lc = 0;
  p.variants.forEach((v, i) => {
    const n = cores[i]!;
    if (n > 0 && n !== v.currentCores) lc = Math.max(lc, v.loadTimeS);
  });
  return lc;
}

/** Σ (l_i/λ)·acc_i − α·Σ n_i/B − β·LC/max loadTime, straight from the definition. */
export function infAdapterObjective(p: InfAdapterProblem, cores: readonly number[], loads: readonly number[]): number {
  let weighted = 0;
  let total = 0;
  p.variants.forEach((v, i) => {
    weighted += loads[i]! * v.accuracy;
    total += cores[i]!;
  });
  const accuracy = p.loadRps > 0 ? weighted / p.loadRps : 0;
  const coresTerm = p.budgetCores > 0 ? (p.alpha * total) / p.budgetCores : 0;
  const maxLoadTime = Math.max(...p.variants.map((v) => v.loadTimeS));
  const loadingTerm = maxLoadTime > 0 ? (p.beta * loadingCostS(p, cores)) / maxLoadTime : 0;
  return accuracy - coresTerm - loadingTerm;
}

/**
 * Greedy fill: the load goes to the most accurate variants first, each up to its capacity. Optimal for
 * the load-weighted accuracy given the cores (an exchange argument). Undefined when capacity < λ.
 */
export function fillGreedy(p: InfAdapterProblem, order: readonly number[], cores: readonly number[]): number[] | undefined {
  const caps = capacities(p, cores);
  const loads = p.variants.map(() => 0);
  let left = p.loadRps;
  for (const i of order) {
    const take = Math.min(left, caps[i]!);
    loads[i] = take;
    left -= take;
  }
  return left === 0 ? loads : undefined;
}

/** The paper's Gurobi model (rl[i] ≥ 0): all variants but the least accurate one together have capacity ≤ λ. */
export function paperOrderHolds(p: InfAdapterProblem, order: readonly number[], cores: readonly number[]): boolean {
  const caps = capacities(p, cores);
  let sum = 0;
  for (const i of order.slice(0, -1)) sum += caps[i]!;
  return sum <= p.loadRps;
}

/** A candidate answer; `better` orders them: objective, then fewer cores, then the smaller core vector. */
export interface Candidate {
  objective: number;
  cores: number[];
  loads: number[];
}

export const TIE_TOLERANCE = 1e-12;

export function better(a: Candidate, b: Candidate | undefined): boolean {
  if (!b) return true;
  const tol = TIE_TOLERANCE * Math.max(1, Math.abs(a.objective), Math.abs(b.objective));
  if (a.objective > b.objective + tol) return true;
  if (a.objective < b.objective - tol) return false;
  const ta = a.cores.reduce((s, n) => s + n, 0);
  const tb = b.cores.reduce((s, n) => s + n, 0);
  if (ta !== tb) return ta < tb;
  for (let i = 0; i < a.cores.length; i++) if (a.cores[i] !== b.cores[i]) return a.cores[i]! < b.cores[i]!;
  return false;
}

export function toInfAdapterDecision(p: InfAdapterProblem, c: Candidate): InfAdapterDecision {
  const caps = capacities(p, c.cores);
  const allocations = accuracyOrder(p)
    .filter((i) => c.cores[i]! > 0)
    .map((i) => ({ variant: p.variants[i]!.name, cores: c.cores[i]!, quotaRps: c.loads[i]!, capacityRps: caps[i]! }));
  let weighted = 0;
  p.variants.forEach((v, i) => (weighted += c.loads[i]! * v.accuracy));
  return {
    allocations,
    totalCores: c.cores.reduce((s, n) => s + n, 0),
    accuracy: p.loadRps > 0 ? weighted / p.loadRps : 0,
    loadingCostS: loadingCostS(p, c.cores),
  };
}
