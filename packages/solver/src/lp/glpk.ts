import { errorMessage } from '@infscale/core';
import type { LinearModel, Relation } from './model';
import { verifiedOutcome, type MilpBackend, type MilpOutcome } from './backend';

// Types of glpk.js/node kept local: the package is ESM-only and loaded with a dynamic import.
interface GlpkLp {
  name: string;
  objective: { direction: number; name: string; vars: { name: string; coef: number }[] };
  subjectTo: { name: string; vars: { name: string; coef: number }[]; bnds: { type: number; ub: number; lb: number } }[];
  bounds?: { name: string; type: number; ub: number; lb: number }[];
  binaries?: string[];
  generals?: string[];
}
interface Glpk {
  GLP_MIN: number;
  GLP_MAX: number;
  GLP_FR: number;
  GLP_LO: number;
  GLP_UP: number;
  GLP_DB: number;
  GLP_FX: number;
  GLP_MSG_OFF: number;
  GLP_OPT: number;
  GLP_FEAS: number;
  GLP_NOFEAS: number;
  GLP_INFEAS: number;
  GLP_UNDEF: number;
  solve(lp: GlpkLp, options: { msglev: number; presol: boolean; tmlim?: number }): { result: { status: number; z: number; vars: Record<string, number> } };
}

export interface GlpkOptions {
  /** Seconds; a capped solve is reported as failed, never as an answer. */
  timeLimitS?: number;
}

/** glpk.js 5 (WebAssembly), synchronous once loaded. */
export async function createGlpkBackend(options: GlpkOptions = {}): Promise<MilpBackend> {
  const mod = (await import('glpk.js/node')) as unknown as { default: () => Promise<Glpk> };
  const glpk = await mod.default();
  return { name: 'glpk', solve: (model) => solveWithGlpk(glpk, model, options) };
}

function rowBounds(glpk: Glpk, relation: Relation, rhs: number): { type: number; lb: number; ub: number } {
  if (relation === '<=') return { type: glpk.GLP_UP, lb: 0, ub: rhs };
  if (relation === '>=') return { type: glpk.GLP_LO, lb: rhs, ub: 0 };
  return { type: glpk.GLP_FX, lb: rhs, ub: rhs };
}

function colBounds(glpk: Glpk, lower: number, upper: number): { type: number; lb: number; ub: number } {
  const hasLo = Number.isFinite(lower);
  const hasUp = Number.isFinite(upper);
  if (hasLo && hasUp) return lower === upper ? { type: glpk.GLP_FX, lb: lower, ub: upper } : { type: glpk.GLP_DB, lb: lower, ub: upper };
  if (hasLo) return { type: glpk.GLP_LO, lb: lower, ub: 0 };
  if (hasUp) return { type: glpk.GLP_UP, lb: 0, ub: upper };
  return { type: glpk.GLP_FR, lb: 0, ub: 0 };
}

function solveWithGlpk(glpk: Glpk, model: LinearModel, options: GlpkOptions): MilpOutcome {
  const lp: GlpkLp = {
    name: 'model',
    objective: {
      direction: model.sense === 'max' ? glpk.GLP_MAX : glpk.GLP_MIN,
      name: 'obj',
      vars: model.objective.map((t) => ({ name: t.variable, coef: t.coef })),
    },
    subjectTo: model.constraints.map((c) => ({
      name: c.name,
      vars: c.terms.map((t) => ({ name: t.variable, coef: t.coef })),
      bnds: rowBounds(glpk, c.relation, c.rhs),
    })),
    bounds: model.variables.map((v) => ({ name: v.name, ...colBounds(glpk, v.lower, v.upper) })),
    binaries: model.variables.filter((v) => v.kind === 'binary').map((v) => v.name),
    generals: model.variables.filter((v) => v.kind === 'integer').map((v) => v.name),
  };
  try {
    const { result } = glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, presol: true, ...(options.timeLimitS ? { tmlim: options.timeLimitS } : {}) });
    if (result.status === glpk.GLP_NOFEAS || result.status === glpk.GLP_INFEAS) return { status: 'infeasible' };
    // GLP_FEAS means a time limit stopped the search with an incumbent: not proven optimal.
    if (result.status !== glpk.GLP_OPT) return { status: 'failed', reason: `glpk stopped with status ${result.status} (not proven optimal)` };
    const values: Record<string, number> = {};
    for (const v of model.variables) values[v.name] = result.vars[v.name] ?? 0;
    return verifiedOutcome('glpk', model, values, result.z);
  } catch (err) {
    return { status: 'failed', reason: `glpk failed: ${errorMessage(err)}` };
  }
}
