import type { IpaProblem, IpaStagePart } from './problem';
import { stageMixOptions } from './mix-options';
import { queueingMs } from './queueing';

/** One feasible choice of a stage (a variant and batch, or a split between two) with everything the objective needs. */
export interface IpaOption {
  /** The part with the largest share. */
  variant: string;
  batch: number;
  replicas: number;
  cores: number;
  latencyMs: number;
  accuracy: number;
  /** β·cores + γ·batch (a split: γ × its share-weighted batch) */
  cost: number;
  /** What the stage runs: one part of share 1, or two variants by share. */
  parts: IpaStagePart[];
}

export { queueingMs };

/**
 * The stage's feasible options: replicas = max(1, ceil(λ/h)) within the scaling cap (or the fixed
 * replicas of RIM, which must carry λ), batch ≤ max batch, FA2's variant only; with mixing also
 * every split between two variants (stageMixOptions).
 */
export function stageOptions(p: IpaProblem, s: number): IpaOption[] {
  return [...singleVariantOptions(p, s), ...stageMixOptions(p, s)];
}

function singleVariantOptions(p: IpaProblem, s: number): IpaOption[] {
  const stage = p.stages[s]!;
  const out: IpaOption[] = [];
  for (const v of stage.variants) {
    if (p.mode.kind === 'fa2' && p.mode.variants[s] !== v.name) continue;
    for (const pt of v.points) {
      if (pt.batch > p.maxBatch) continue;
      const latencyMs = pt.latencyMs + queueingMs(pt.batch, p.loadRps, p.mixing?.maxWaitMs);
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
      const part = { variant: v.name, batch: pt.batch, replicas, cores, latencyMs, share: 1 };
      out.push({
        variant: v.name,
        batch: pt.batch,
        replicas,
        cores,
        latencyMs,
        accuracy: v.accuracy,
        cost: p.beta * cores + p.gamma * pt.batch,
        parts: [part],
      });
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
