import { runMilp } from '../lp/run';
import { DEFAULT_BACKENDS, type SolveOptions } from '../options';
import { TooBigForOracle } from '../oracle-limit';
import { zeroClock, type SolveResult } from '../result';
import { invalidIpa, type IpaDecision, type IpaProblem } from './problem';
import { ipaLatencyMs, ipaObjective, stageOptions, type IpaOption } from './options';
import { ipaInfeasibility } from './feasibility';
import { searchIpa } from './search';
import { enumerateIpa } from './enumerate';
import { decodeIpa, ipaModel } from './milp';

/** Solves IPA's program (or its FA2 / RIM baseline modes) with one backend; never throws. */
export function solveIpa(p: IpaProblem, options: SolveOptions = {}): SolveResult<IpaDecision> {
  const invalid = invalidIpa(p);
  if (invalid) return { status: 'invalid', reason: invalid };
  const backend = options.backend ?? DEFAULT_BACKENDS.ipa;
  const now = options.now ?? zeroClock;
  const start = now();
  const ms = (): number => now() - start;

  const opts = p.stages.map((_, s) => stageOptions(p, s));
  const why = ipaInfeasibility(p, opts);
  if (why) return { status: 'infeasible', reason: why, solveMs: ms(), backend };

  let chosen: IpaOption[] | undefined;
  let milpInfeasible = false;
  if (backend === 'search') chosen = searchIpa(p, opts);
  else if (backend === 'enumerate') {
    try {
      chosen = enumerateIpa(p, opts, options.oracleLimit);
    } catch (err) {
      if (!(err instanceof TooBigForOracle)) throw err;
      return { status: 'failed', reason: `too big for the oracle: ${err.message}`, solveMs: ms(), backend };
    }
  } else {
    const outcome = runMilp(options.milp, backend, () => ipaModel(p, opts));
    if (outcome.status === 'failed') return { ...outcome, solveMs: ms(), backend };
    milpInfeasible = outcome.status === 'infeasible';
    if (outcome.status === 'optimal') {
      chosen = decodeIpa(opts, outcome.values);
      // The solver's tolerance must not buy a choice that misses the SLA or the budget by a hair.
      if (!chosen || ipaLatencyMs(chosen) > p.slaMs)
        return { status: 'failed', reason: `${backend} returned a choice that misses the SLA`, solveMs: ms(), backend };
      if (p.maxCores !== undefined && chosen.reduce((a, o) => a + o.cores, 0) > p.maxCores)
        return { status: 'failed', reason: `${backend} returned a choice over the budget of ${p.maxCores} cores`, solveMs: ms(), backend };
    }
  }
  // Without a core budget feasibility was decided exactly above, so an exact backend finds a choice.
  if (!chosen && p.maxCores !== undefined && (backend === 'search' || backend === 'enumerate' || milpInfeasible)) {
    const least = opts.reduce((a, o) => a + Math.min(...o.map((x) => x.cores)), 0);
    return {
      status: 'infeasible',
      reason: `no choice within the SLA fits in ${p.maxCores} cores (the fewest any choice needs: ${least}); raise the budget`,
      solveMs: ms(),
      backend,
    };
  }
  if (!chosen) return { status: 'failed', reason: `${backend} found no choice for a feasible program`, solveMs: ms(), backend };
  const decision: IpaDecision = {
    stages: chosen.map((o, s) => ({
      stage: p.stages[s]!.name,
      variant: o.variant,
      batch: o.batch,
      replicas: o.replicas,
      cores: o.cores,
      latencyMs: o.latencyMs,
      parts: o.parts.map((x) => ({ ...x })),
    })),
    accuracy: p.accuracy === 'sum' ? chosen.reduce((a, o) => a + o.accuracy, 0) : chosen.reduce((a, o) => a * o.accuracy, 1),
    cores: chosen.reduce((a, o) => a + o.cores, 0),
    latencyMs: ipaLatencyMs(chosen),
  };
  return { status: 'optimal', decision, objective: ipaObjective(p, chosen), solveMs: ms(), backend };
}
