import type { LinearModel } from './model';
import { modelObjective, roundIntegral, violation } from './check';

/** What a MILP backend says about a model. Only `optimal` answers that passed `violation` reach a caller. */
export type MilpOutcome =
  { status: 'optimal'; values: Record<string, number>; objective: number } | { status: 'infeasible' } | { status: 'failed'; reason: string };

export interface MilpBackend {
  name: 'glpk' | 'highs' | 'jsl';
  solve(model: LinearModel): MilpOutcome;
}

/** The loaded MILP backends; glpk.js and HiGHS load WebAssembly, so they are created once, asynchronously. */
export interface MilpBackends {
  glpk?: MilpBackend;
  highs?: MilpBackend;
  jsl?: MilpBackend;
}

/**
 * Accepts a raw answer only if it is feasible and integral and its objective, recomputed from the
 * values, equals what the solver reported: a solver's word alone is never trusted.
 */
export function verifiedOutcome(backend: string, model: LinearModel, raw: Record<string, number>, reportedObjective: number): MilpOutcome {
  const wrong = violation(model, raw);
  if (wrong) return { status: 'failed', reason: `${backend} returned an infeasible answer: ${wrong}` };
  const values = roundIntegral(model, raw);
  const objective = modelObjective(model, values);
  const reported = reportedObjective + model.objectiveConstant;
  if (Math.abs(objective - reported) > 1e-6 * Math.max(1, Math.abs(objective))) {
    return { status: 'failed', reason: `${backend} reported objective ${reported} but its values give ${objective}` };
  }
  return { status: 'optimal', values, objective };
}
