import { loadMilpBackends } from '../lp/load';
import type { MilpBackends } from '../lp/backend';
import { BACKEND_NAMES, sameObjective, type BackendName, type SolveResult } from '../result';

let loaded: Promise<MilpBackends> | undefined;

/** Loads glpk.js and HiGHS once per test file. */
export function milpBackends(): Promise<MilpBackends> {
  loaded ??= loadMilpBackends(() => performance.now());
  return loaded;
}

/** Every backend except the oracle. */
export const CHECKED_BACKENDS: BackendName[] = BACKEND_NAMES.filter((b) => b !== 'enumerate');

/** What differs between a backend's result and the oracle's, or undefined when they agree. */
export function disagreement<D>(oracle: SolveResult<D>, other: SolveResult<D>): string | undefined {
  if (oracle.status !== other.status) return `status ${other.status} vs oracle ${oracle.status} (${'reason' in other ? other.reason : ''})`;
  if (oracle.status === 'optimal' && other.status === 'optimal' && !sameObjective(oracle.objective, other.objective)) {
    return `objective ${other.objective} vs oracle ${oracle.objective}`;
  }
  return undefined;
}
