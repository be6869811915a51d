import { runMilp } from '../lp/run';
import { DEFAULT_BACKENDS, type SolveOptions } from '../options';
import { zeroClock, type SolveResult } from '../result';
import { invalidInfAdapter, type InfAdapterDecision, type InfAdapterProblem } from './problem';
import { infAdapterObjective, toInfAdapterDecision, type Candidate } from './evaluate';
import { describeCapacity, maxCapacity } from './max-capacity';
import { searchInfAdapter } from './search';
import { enumerateInfAdapter } from './enumerate';
import { TooBigForOracle } from '../oracle-limit';
import { decodeInfAdapter, infAdapterModel } from './milp';

/** Solves InfAdapter's program with one backend; never throws. */
export function solveInfAdapter(p: InfAdapterProblem, options: SolveOptions = {}): SolveResult<InfAdapterDecision> {
  const invalid = invalidInfAdapter(p);
  if (invalid) return { status: 'invalid', reason: invalid };
  const backend = options.backend ?? DEFAULT_BACKENDS.infadapter;
  const now = options.now ?? zeroClock;
  const start = now();
  const ms = (): number => now() - start;

  // The same feasibility test for every backend, so every backend gives the same actionable reason.
  const reach = maxCapacity(p);
  if (reach.capacityRps < p.loadRps) {
    return {
      status: 'infeasible',
      reason: `load ${p.loadRps} req/s exceeds the most the budget can serve: ${describeCapacity(p, reach)}`,
      solveMs: ms(),
      backend,
    };
  }
  let found: Candidate | undefined;
  if (backend === 'search') found = searchInfAdapter(p);
  else if (backend === 'enumerate') {
    try {
      found = enumerateInfAdapter(p, options.oracleLimit);
    } catch (err) {
      if (!(err instanceof TooBigForOracle)) throw err;
      return { status: 'failed', reason: `too big for the oracle: ${err.message}`, solveMs: ms(), backend };
    }
  } else {
    const outcome = runMilp(options.milp, backend, () => infAdapterModel(p));
    if (outcome.status === 'failed') return { ...outcome, solveMs: ms(), backend };
    if (outcome.status === 'optimal') {
      const { cores, loads } = decodeInfAdapter(p, outcome.values);
      found = { objective: infAdapterObjective(p, cores, loads), cores, loads };
    }
  }
  if (!found) {
    return {
      status: 'infeasible',
      reason: `no configuration within ${p.budgetCores} cores serves ${p.loadRps} req/s with the paper fill order (the variants other than the least accurate must fit within λ together); use fill order greedy`,
      solveMs: ms(),
      backend,
    };
  }
  return { status: 'optimal', decision: toInfAdapterDecision(p, found), objective: found.objective, solveMs: ms(), backend };
}
