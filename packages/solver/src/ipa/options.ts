import type { IpaProblem } from './problem';

/** One feasible (variant, batch) choice of a stage with everything the objective needs. */
export interface IpaOption {
  variant: string;
  batch: number;
  replicas: number;
  cores: number;
  latencyMs: number;
  accuracy: number;
  /** β·cores + γ·batch */
  cost: number;
}

/** (b − 1)/λ in ms: the wait to fill a batch. With λ = 0 only batch 1 is defined (0 ms). */
export function queueingMs(batch: number, loadRps: number): number {
  if (batch === 1) return 0;
  return loadRps > 0 ? ((batch - 1) / loadRps) * 1000 : Infinity;
}

/**
 * The stage's feasible options: replicas = max(1, ceil(λ/h)) within the scaling cap (or the fixed
 * replicas of RIM, which must carry λ), batch ≤ max batch, FA2's variant only.
 */
export function stageOptions(p: IpaProblem, s: number): IpaOption[] {
  const stage = p.stages[s]!;
  const out: IpaOption[] = [];
  for (const v of stage.variants) {
    if (p.mode.kind === 'fa2' && p.mode.variants[s] !== v.name) continue;
    for (const pt of v.points) {
      if (pt.batch > p.maxBatch) continue;
      const latencyMs = pt.latencyMs + queueingMs(pt.batch, p.loadRps);
      if (!Number.isFinite(latencyMs)) continue;
      let replicas: number;
      if (p.mode.kind === 'rim') {
        replicas = p.mode.replicas[s]!;
        if (replicas * pt.throughputRps < p.loadRps) continue;
      } else {
        if (pt.throughputRps <= 0 && p.loadRps > 0) continue;
        replicas = Math.max(1, p.loadRps > 0 ? Math.ceil(p.loadRps / pt.throughputRps) : 1);
        if (replicas > p.scalingCap) continue;
      }
      const cores = replicas * v.baseCores;
      out.push({ variant: v.name, batch: pt.batch, replicas, cores, latencyMs, accuracy: v.accuracy, cost: p.beta * cores + p.gamma * pt.batch });
    }
  }
  return out;
}

/** α·A − Σ cost, A the sum or product of the chosen accuracies. */
export function ipaObjective(p: IpaProblem, chosen: readonly IpaOption[]): number {
  let a = p.accuracy === 'sum' ? 0 : 1;
  let cost = 0;
  for (const o of chosen) {
    a = p.accuracy === 'sum' ? a + o.accuracy : a * o.accuracy;
    cost += o.cost;
  }
  return p.alpha * a - cost;
}

export function ipaLatencyMs(chosen: readonly IpaOption[]): number {
  return chosen.reduce((s, o) => s + o.latencyMs, 0);
}
