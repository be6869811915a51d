import { errorMessage } from '@infscale/core';
import solver from 'javascript-lp-solver';
import type { LinearModel } from './model';
import { verifiedOutcome, type MilpBackend, type MilpOutcome } from './backend';
import type { Now } from '../result';

export interface JslOptions {
  /** Milliseconds handed to the solver; an answer that took this long is treated as capped. */
  timeoutMs?: number;
  /** Needed to notice a capped solve (the library does not say so itself). */
  now: Now;
}

/**
 * javascript-lp-solver 1.0.3. Measured here: wrong answers marked integral on big-M models after its
 * time cap, correct on pure-binary models. Every answer is checked and a capped one is a failure.
 */
export function createJslBackend(options: JslOptions): MilpBackend {
  return { name: 'jsl', solve: (model) => solveWithJsl(model, options) };
}

type JslModel = Parameters<typeof solver.Solve>[0];

function toJsl(model: LinearModel, timeoutMs: number): JslModel {
  const constraints: Record<string, { max?: number; min?: number; equal?: number }> = {};
  const variables: Record<string, Record<string, number>> = {};
  const ints: Record<string, 1> = {};
  for (const v of model.variables) {
    variables[v.name] = {};
    if (v.kind !== 'continuous') ints[v.name] = 1;
    // jsl has no column bounds: each becomes a one-variable row.
    if (Number.isFinite(v.upper)) {
      constraints[`ub_${v.name}`] = { max: v.upper };
      variables[v.name]![`ub_${v.name}`] = 1;
    }
    if (v.lower !== 0) {
      constraints[`lb_${v.name}`] = { min: v.lower };
      variables[v.name]![`lb_${v.name}`] = 1;
    }
  }
  for (const t of model.objective) variables[t.variable]!['__obj'] = t.coef;
  for (const c of model.constraints) {
    constraints[c.name] = c.relation === '<=' ? { max: c.rhs } : c.relation === '>=' ? { min: c.rhs } : { equal: c.rhs };
    for (const t of c.terms) variables[t.variable]![c.name] = t.coef;
  }
  return { optimize: '__obj', opType: model.sense, constraints, variables, ints, timeout: timeoutMs } as JslModel;
}

function solveWithJsl(model: LinearModel, options: JslOptions): MilpOutcome {
  const timeoutMs = options.timeoutMs ?? 2000;
  const start = options.now();
  try {
    const raw = solver.Solve(toJsl(model, timeoutMs)) as Record<string, number | boolean | undefined>;
    const elapsed = options.now() - start;
    if (elapsed >= timeoutMs * 0.9) return { status: 'failed', reason: `jsl hit its ${timeoutMs} ms cap; its answer is not trusted` };
    if (raw['feasible'] !== true) return { status: 'failed', reason: 'jsl claims infeasible; unverified, so not trusted' };
    if (raw['bounded'] === false) return { status: 'failed', reason: 'jsl claims unbounded' };
    const values: Record<string, number> = {};
    for (const v of model.variables) {
      const x = raw[v.name];
      values[v.name] = typeof x === 'number' ? x : 0; // jsl omits zero-valued variables
    }
    return verifiedOutcome('jsl', model, values, Number(raw['result']));
  } catch (err) {
    return { status: 'failed', reason: `jsl failed: ${errorMessage(err)}` };
  }
}
