import type { LinearModel, Term } from './model';

/** Absolute tolerance for integrality, bounds and constraint rows of a backend's answer. */
export const FEASIBILITY_TOLERANCE = 1e-6;

export function evaluateTerms(terms: readonly Term[], values: Readonly<Record<string, number>>): number {
  let sum = 0;
  for (const t of terms) sum += t.coef * (values[t.variable] ?? 0);
  return sum;
}

export function modelObjective(model: LinearModel, values: Readonly<Record<string, number>>): number {
  return evaluateTerms(model.objective, values) + model.objectiveConstant;
}

/**
 * Checks a backend's assignment against the model: every variable present and finite, integral where
 * required, within bounds, and every row satisfied. Returns what is wrong, or undefined.
 */
export function violation(model: LinearModel, values: Readonly<Record<string, number>>, tol = FEASIBILITY_TOLERANCE): string | undefined {
  for (const v of model.variables) {
    const x = values[v.name];
    if (x === undefined || !Number.isFinite(x)) return `variable ${v.name} has no value`;
    if (v.kind !== 'continuous' && Math.abs(x - Math.round(x)) > tol) return `variable ${v.name} = ${x} is not integral`;
    if (x < v.lower - tol || x > v.upper + tol) return `variable ${v.name} = ${x} is outside [${v.lower}, ${v.upper}]`;
  }
  for (const c of model.constraints) {
    const lhs = evaluateTerms(c.terms, values);
    const slack = tol * Math.max(1, Math.abs(c.rhs));
    const ok = c.relation === '<=' ? lhs <= c.rhs + slack : c.relation === '>=' ? lhs >= c.rhs - slack : Math.abs(lhs - c.rhs) <= slack;
    if (!ok) return `row ${c.name}: ${lhs} ${c.relation} ${c.rhs} does not hold`;
  }
  return undefined;
}

/** Rounds integral variables to the nearest integer (after `violation` accepted them). */
export function roundIntegral(model: LinearModel, values: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of model.variables) {
    const x = values[v.name] ?? 0;
    out[v.name] = v.kind === 'continuous' ? x : Math.round(x);
  }
  return out;
}
