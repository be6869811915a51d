import { latencyOf } from '@infscale/profiles';
import { runMilp } from '../lp/run';
import { DEFAULT_BACKENDS, type SolveOptions } from '../options';
import { zeroClock, type SolveResult } from '../result';
import { invalidSponge, type SpongeDecision, type SpongeProblem } from './problem';
import { checkPlan, deadlines, spongeObjective } from './plan';
import { enumerateSponge, searchSponge, type SpongeChoice } from './search';
import { decodeSponge, spongeModel } from './milp';

/** Solves Sponge's program with one backend; never throws. */
export function solveSponge(p: SpongeProblem, options: SolveOptions = {}): SolveResult<SpongeDecision> {
  const invalid = invalidSponge(p);
  if (invalid) return { status: 'invalid', reason: invalid };
  const backend = options.backend ?? DEFAULT_BACKENDS.sponge;
  const now = options.now ?? zeroClock;
  const start = now();
  const ms = (): number => now() - start;
  const sorted = deadlines(p);

  let choice: SpongeChoice | undefined;
  if (backend === 'search') choice = searchSponge(p, sorted);
  else if (backend === 'enumerate') choice = enumerateSponge(p, sorted);
  else {
    const built = spongeModel(p, sorted);
    if (built.pairs.length > 0) {
      const outcome = runMilp(options.milp, backend, () => built.model);
      if (outcome.status === 'failed') return { ...outcome, solveMs: ms(), backend };
      if (outcome.status === 'optimal') choice = decodeSponge(built.pairs, outcome.values);
    }
  }
  if (!choice) return { status: 'infeasible', reason: explain(p, sorted), solveMs: ms(), backend };
  const plan = checkPlan(p, sorted, choice.cores, choice.batch);
  return {
    status: 'optimal',
    decision: {
      cores: choice.cores,
      batch: choice.batch,
      batchLatencyMs: plan.batchLatencyMs,
      throughputRps: (choice.batch * 1000) / plan.batchLatencyMs,
      requests: sorted.length,
      finishMs: plan.finishMs,
    },
    objective: spongeObjective(p, choice.cores, choice.batch),
    solveMs: ms(),
    backend,
  };
}

function explain(p: SpongeProblem, sorted: readonly number[]): string {
  const tightest = sorted[0];
  const best = Math.max(...Array.from({ length: p.maxBatch }, (_, i) => ((i + 1) * 1000) / latencyOf(p.model, i + 1, p.maxCores)));
  const deadline = tightest === undefined ? '' : `; the tightest usable deadline is ${tightest.toFixed(0)} ms`;
  return `${p.maxCores} cores with any batch ≤ ${p.maxBatch} cannot serve ${sorted.length} requests in time at ${p.loadRps} req/s (at most ${best.toFixed(1)} req/s${deadline}); add a replica or raise --max-cores`;
}
