import { errorMessage } from '@infscale/core';
import type { LinearModel } from './model';
import type { MilpBackends, MilpOutcome } from './backend';
import type { BackendName } from '../result';

/** Runs a named MILP backend, or explains why it cannot (not loaded, not a MILP backend). */
export function runMilp(backends: MilpBackends | undefined, name: BackendName, model: () => LinearModel): MilpOutcome {
  if (name !== 'glpk' && name !== 'highs' && name !== 'jsl') return { status: 'failed', reason: `${name} is not a MILP backend` };
  const backend = backends?.[name];
  if (!backend) return { status: 'failed', reason: `backend ${name} is not loaded: pass milp: await loadMilpBackends(now)` };
  try {
    return backend.solve(model());
  } catch (err) {
    // A formulation bug (e.g. a bad name) must surface as a failure, not a throw at the scaler.
    return { status: 'failed', reason: `${name}: ${errorMessage(err)}` };
  }
}
