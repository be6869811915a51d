import type { PasBoundInput } from './ipa-bound';
import { solveWholeReplicas } from './whole-replica-bound';

/** One configuration the frontier runs in an interval, for a share of it. */
export interface PlannedChoice {
  variants: string[];
  /** Whole replicas per stage. */
  replicas: number[];
  /** Share of the interval (the LP may mix two choices in a few intervals). */
  weight: number;
  /** Cores it holds while it runs: Σ replicas × the stage's cores per replica. */
  cores: number;
  /** Its pipeline accuracy (fraction). */
  pas: number;
  /** Requests of the interval it serves and leaves free, at its weight 1. */
  served: number;
  free: number;
}

/** What the frontier runs in one interval. */
export interface IntervalPlan {
  startS: number;
  lengthS: number;
  requests: number;
  choices: PlannedChoice[];
  /** Σ weight × cores: the interval's mean cores. */
  cores: number;
  /** Σ weight × served × pas / Σ weight × served: the served requests' mean PAS (undefined: none served). */
  pas: number | undefined;
}

/**
 * The frontier's plan (pasUpperBoundWholeReplicas) per interval: which configuration, how many replicas,
 * how many cores and at what PAS. For reading where a scaler spends differently; undefined when no plan
 * fits the budget or the window has no request.
 */
export function wholeReplicaPlan(input: PasBoundInput): IntervalPlan[] | undefined {
  const s = solveWholeReplicas(input);
  if (!s.bound.feasible || s.weights === undefined) return undefined;
  let startS = 0;
  return s.intervals.map((w, t) => {
    const choices: PlannedChoice[] = [];
    s.weights![t]!.forEach((weight, i) => {
      if (weight <= 1e-9) return;
      const o = s.options[t]![i]!;
      const c = s.configs[o.k]!;
      const cores = c.stages.reduce((a, st, j) => a + st.baseCores * o.replicas[j]!, 0);
      choices.push({ variants: c.variants, replicas: o.replicas, weight, cores, pas: c.pas, served: o.served, free: o.free });
    });
    const served = choices.reduce((a, c) => a + c.weight * c.served, 0);
    const plan: IntervalPlan = {
      startS,
      lengthS: w.lengthS,
      requests: w.count,
      choices,
      cores: choices.reduce((a, c) => a + c.weight * c.cores, 0),
      pas: served > 0 ? choices.reduce((a, c) => a + c.weight * c.served * c.pas, 0) / served : undefined,
    };
    startS += w.lengthS;
    return plan;
  });
}
