import type { LinearModel, Term } from './model';

/** Writes a model in CPLEX LP format (what HiGHS' one-shot API reads). */
export function toLpFormat(model: LinearModel): string {
  const lines: string[] = [model.sense === 'max' ? 'Maximize' : 'Minimize'];
  lines.push(` obj: ${expression(model.objective)}`);
  lines.push('Subject To');
  for (const c of model.constraints) {
    // An empty row (all coefficients zero) is written as 0 x for a valid file.
    const lhs = c.terms.length > 0 ? expression(c.terms) : `0 ${model.variables[0]?.name ?? 'x'}`;
    lines.push(` ${c.name}: ${lhs} ${c.relation} ${num(c.rhs)}`);
  }
  lines.push('Bounds');
  for (const v of model.variables) {
    const lo = Number.isFinite(v.lower) ? num(v.lower) : '-inf';
    const hi = Number.isFinite(v.upper) ? num(v.upper) : '+inf';
    lines.push(` ${lo} <= ${v.name} <= ${hi}`);
  }
  const ints = model.variables.filter((v) => v.kind !== 'continuous').map((v) => v.name);
  if (ints.length > 0) lines.push('General', ...ints.map((n) => ` ${n}`));
  lines.push('End');
  return lines.join('\n') + '\n';
}

function expression(terms: readonly Term[]): string {
  if (terms.length === 0) return '0';
  return terms.map((t, i) => `${t.coef < 0 ? '-' : i === 0 ? '' : '+'} ${num(Math.abs(t.coef))} ${t.variable}`).join(' ');
}

/** Full precision, no exponent surprises for the LP reader. */
function num(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(17).replace(/\.?0+$/, '');
}
