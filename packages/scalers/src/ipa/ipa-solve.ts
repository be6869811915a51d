import { solveIpa, type IpaDecision, type IpaMixing, type IpaMode, type IpaProblem, type Optimal, type SolveOptions } from '@infscale/solver';
import type { IpaConfig } from './ipa-config';
import type { ResolvedIpaPipeline } from './ipa-pipeline';

export type IpaObjective = IpaConfig['objective'];

/** Changes to the program beyond the pipeline's own weights (the improved method's budgeted solve). */
export interface IpaProblemTuning {
  alpha?: number;
  beta?: number;
  maxCores?: number;
  mixing?: IpaMixing;
}

/** IPA's program for the resolved pipeline at load λ. */
export function ipaProblemFor(
  p: ResolvedIpaPipeline,
  mode: IpaMode,
  objective: Pick<IpaObjective, 'accuracy' | 'values' | 'rankFloor'>,
  loadRps: number,
  tuning: IpaProblemTuning = {},
): IpaProblem {
  const value = (v: ResolvedIpaPipeline['stages'][number]['variants'][number]): number =>
    objective.values === 'rank' ? Math.max(objective.rankFloor, v.rank) : v.accuracy;
  const accuracy = objective.accuracy;
  return {
    stages: p.stages.map((s) => ({
      name: s.name,
      variants: s.variants.map((v) => ({ name: v.name, accuracy: value(v), baseCores: v.baseCores, points: v.points })),
    })),
    loadRps,
    slaMs: p.slaMs,
    alpha: tuning.alpha ?? p.alpha,
    beta: tuning.beta ?? p.beta,
    gamma: p.gamma,
    // Per-stage caps were applied to the points already; the solver's cap is the largest.
    maxBatch: Math.max(...p.stages.map((s) => s.maxBatch)),
    scalingCap: p.scalingCap,
    accuracy: accuracy === 'pas' ? 'product' : 'sum',
    mode,
    ...(tuning.maxCores !== undefined ? { maxCores: tuning.maxCores } : {}),
    ...(tuning.mixing ? { mixing: tuning.mixing } : {}),
  };
}

/** The most a stage can carry in this mode: its fastest variant and batch at the most replicas allowed. */
export function stageCapacityRps(p: ResolvedIpaPipeline, mode: IpaMode, s: number): number {
  const stage = p.stages[s]!;
  const replicas = mode.kind === 'rim' ? mode.replicas[s]! : p.scalingCap;
  const variants = mode.kind === 'fa2' ? stage.variants.filter((v) => v.name === mode.variants[s]) : stage.variants;
  return replicas * Math.max(0, ...variants.flatMap((v) => v.points.map((pt) => pt.throughputRps)));
}

export type IpaSolveOutcome = { kind: 'ok'; result: Optimal<IpaDecision>; solvedRps: number; note?: string } | { kind: 'fail'; reason: string };

/**
 * Solves at λ. When the load is more than the mode can carry (RIM's fixed replicas, the scaling cap)
 * it solves at the most the pipeline can carry instead: serving most of the load beats holding a
 * configuration chosen for a lower one. Any other failure comes back with the solver's reason.
 */
export function solveIpaAt(
  p: ResolvedIpaPipeline,
  mode: IpaMode,
  objective: Pick<IpaObjective, 'accuracy' | 'values' | 'rankFloor'>,
  loadRps: number,
  options: SolveOptions,
  tuning: IpaProblemTuning = {},
): IpaSolveOutcome {
  const first = solveIpa(ipaProblemFor(p, mode, objective, loadRps, tuning), options);
  if (first.status === 'optimal') return { kind: 'ok', result: first, solvedRps: loadRps };
  if (first.status !== 'infeasible') return { kind: 'fail', reason: `${first.status}: ${first.reason}` };
  const capacity = Math.min(...p.stages.map((_, s) => stageCapacityRps(p, mode, s)));
  if (!(capacity < loadRps) || !(capacity > 0)) return { kind: 'fail', reason: `infeasible: ${first.reason}` };
  const second = solveIpa(ipaProblemFor(p, mode, objective, capacity, tuning), options);
  if (second.status !== 'optimal') return { kind: 'fail', reason: `infeasible: ${first.reason}` };
  return {
    kind: 'ok',
    result: second,
    solvedRps: capacity,
    note: `λ ${loadRps.toFixed(1)} req/s is over what this mode can carry; sized for ${capacity.toFixed(1)} req/s`,
  };
}
