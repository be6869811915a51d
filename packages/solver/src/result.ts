/**
 * Typed outcomes shared by the three programs. A solver never throws at its caller: bad input,
 * an infeasible program and a backend that could not give a verified answer are all values.
 */

/** Which algorithm produced an answer. `search` = structure-aware exact search; `enumerate` = the oracle. */
export type BackendName = 'search' | 'enumerate' | 'glpk' | 'highs' | 'jsl';

export const BACKEND_NAMES: readonly BackendName[] = ['search', 'enumerate', 'glpk', 'highs', 'jsl'];

export interface Optimal<D> {
  status: 'optimal';
  decision: D;
  objective: number;
  solveMs: number;
  backend: BackendName;
}

/** The program has no feasible point; `reason` says what to change. */
export interface Infeasible {
  status: 'infeasible';
  reason: string;
  solveMs: number;
  backend: BackendName;
}

/** The input does not describe a valid program (a negative load, a batch not profiled…). */
export interface Invalid {
  status: 'invalid';
  reason: string;
}

/** The backend gave no verified answer (not loaded, capped, wrong, too big for the oracle). */
export interface Failed {
  status: 'failed';
  reason: string;
  solveMs: number;
  backend: BackendName;
}

export type SolveResult<D> = Optimal<D> | Infeasible | Invalid | Failed;

/** Milliseconds from an injected source; solver code never reads the wall clock itself. */
export type Now = () => number;

/** Without an injected clock every solveMs is 0. */
export const zeroClock: Now = () => 0;

/** Relative-with-floor tolerance used to call two objective values equal. */
export const OBJECTIVE_TOLERANCE = 1e-9;

export function sameObjective(a: number, b: number, tol = OBJECTIVE_TOLERANCE): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}
