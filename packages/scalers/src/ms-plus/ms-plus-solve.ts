import {
  allowedCores,
  better,
  capacityAt,
  describeCapacity,
  invalidInfAdapter,
  infAdapterObjective,
  maxCapacity,
  toInfAdapterDecision,
  zeroClock,
  type Candidate,
  type InfAdapterDecision,
  type InfAdapterProblem,
  type SolveOptions,
  type SolveResult,
} from '@infscale/solver';

/**
 * MS+ (the InfAdapter paper's model-switching baseline): one variant at a time. For each variant the
 * fewest cores whose capacity carries λ, then the best of those by InfAdapter's own objective.
 */
export function solveMsPlus(p: InfAdapterProblem, options: SolveOptions = {}): SolveResult<InfAdapterDecision> {
  const invalid = invalidInfAdapter(p);
  if (invalid) return { status: 'invalid', reason: invalid };
  const now = options.now ?? zeroClock;
  const start = now();
  let best: Candidate | undefined;
  p.variants.forEach((v, i) => {
    const n = allowedCores(v).find((c) => c > 0 && c <= p.budgetCores && (capacityAt(v, c) ?? 0) >= p.loadRps);
    if (n === undefined) return;
    const cores = p.variants.map((_, j) => (j === i ? n : 0));
    const loads = p.variants.map((_, j) => (j === i ? p.loadRps : 0));
    const cand = { objective: infAdapterObjective(p, cores, loads), cores, loads };
    if (better(cand, best)) best = cand;
  });
  const solveMs = now() - start;
  if (!best) {
    const single = largestSingle(p);
    return {
      status: 'infeasible',
      reason: `load ${p.loadRps} req/s exceeds what one variant can serve within ${p.budgetCores} cores: ${describeCapacity(p, single)}`,
      solveMs,
      backend: 'enumerate',
    };
  }
  return { status: 'optimal', decision: toInfAdapterDecision(p, best), objective: best.objective, solveMs, backend: 'enumerate' };
}

/** The single variant (and cores) with the most capacity within the budget; the more accurate on ties. */
export function largestSingle(p: InfAdapterProblem): ReturnType<typeof maxCapacity> {
  let top: ReturnType<typeof maxCapacity> | undefined;
  let topAccuracy = -Infinity;
  p.variants.forEach((v, i) => {
    const m = maxCapacity(p, [i]);
    if (!top || m.capacityRps > top.capacityRps || (m.capacityRps === top.capacityRps && v.accuracy > topAccuracy)) {
      top = m;
      topAccuracy = v.accuracy;
    }
  });
  return top ?? maxCapacity(p, []);
}
