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
    if (outcome.status === 'optimal') {
      chosen = decodeIpa(opts, outcome.values);
      // The solver's tolerance must not buy a choice that misses the SLA by a hair.
      if (!chosen || ipaLatencyMs(chosen) > p.slaMs) return { status: 'failed', reason: `${backend} returned a choice that misses the SLA`, solveMs: ms(), backend };
    }
  }
  // Feasibility was decided exactly above, so an exact backend always finds a choice here.
  if (!chosen) return { status: 'failed', reason: `${backend} found no choice for a feasible program`, solveMs: ms(), backend };
  const decision: IpaDecision = {
    stages: chosen.map((o, s) => ({ stage: p.stages[s]!.name, variant: o.variant, batch: o.batch, replicas: o.replicas, cores: o.cores, latencyMs: o.latencyMs })),
    accuracy: p.accuracy === 'sum' ? chosen.reduce((a, o) => a + o.accuracy, 0) : chosen.reduce((a, o) => a * o.accuracy, 1),
    cores: chosen.reduce((a, o) => a + o.cores, 0),
    latencyMs: ipaLatencyMs(chosen),
  };
  return { status: 'optimal', decision, objective: ipaObjective(p, chosen), solveMs: ms(), backend };
}
