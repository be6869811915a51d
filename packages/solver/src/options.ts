import type { MilpBackends } from './lp/backend';
import type { BackendName, Now } from './result';

export interface SolveOptions {
  /** Default: the benchmark's winner for the formulation (see DEFAULT_BACKENDS). */
  backend?: BackendName;
  /** Loaded MILP backends, needed only for glpk / highs / jsl. */
  milp?: MilpBackends;
  /** Clock for solveMs (ms); without one solveMs is 0. */
  now?: Now;
  /** Most points the oracle may score before giving up (reported as failed). */
  oracleLimit?: number;
}

/** Chosen from `npm run bench`: the fastest backend that agreed with the oracle on every case. */
export const DEFAULT_BACKENDS: Record<'infadapter' | 'ipa' | 'sponge', BackendName> = {
  infadapter: 'search',
  ipa: 'search',
  sponge: 'search',
};
