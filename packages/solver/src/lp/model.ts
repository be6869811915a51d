/**
 * A small modelling layer: named variables with bounds and kinds, linear constraints and a linear
 * objective. Formulations build one of these; MILP backends translate it to their own format.
 */

export type VariableKind = 'binary' | 'integer' | 'continuous';

export interface Variable {
  name: string;
  kind: VariableKind;
  lower: number;
  /** Infinity for no upper bound. */
  upper: number;
}

export interface Term {
  variable: string;
  coef: number;
}

export type Relation = '<=' | '>=' | '=';

export interface Constraint {
  name: string;
  terms: Term[];
  relation: Relation;
  rhs: number;
}

export interface LinearModel {
  sense: 'max' | 'min';
  objective: Term[];
  /** Added to the objective; kept out of the backends (some formats have no constant). */
  objectiveConstant: number;
  variables: Variable[];
  constraints: Constraint[];
}

/** Builds a LinearModel; names are checked so a typo fails at build time, not as a wrong answer. */
export class ModelBuilder {
  private readonly variables = new Map<string, Variable>();
  private readonly constraints: Constraint[] = [];
  private objective: Term[] = [];
  private constant = 0;

  constructor(private readonly sense: 'max' | 'min') {}

  binary(name: string): string {
    return this.add({ name, kind: 'binary', lower: 0, upper: 1 });
  }

  integer(name: string, lower: number, upper: number): string {
    return this.add({ name, kind: 'integer', lower, upper });
  }

  continuous(name: string, lower: number, upper: number): string {
    return this.add({ name, kind: 'continuous', lower, upper });
  }

  constrain(name: string, terms: Term[], relation: Relation, rhs: number): void {
    for (const t of terms) this.mustExist(t.variable);
    if (this.constraints.some((c) => c.name === name)) throw new Error(`duplicate constraint ${name}`);
    this.constraints.push({ name, terms: mergeTerms(terms), relation, rhs });
  }

  setObjective(terms: Term[], constant = 0): void {
    for (const t of terms) this.mustExist(t.variable);
    this.objective = mergeTerms(terms);
    this.constant = constant;
  }

  build(): LinearModel {
    return {
      sense: this.sense,
      objective: this.objective,
      objectiveConstant: this.constant,
      variables: [...this.variables.values()],
      constraints: this.constraints,
    };
  }

  private add(v: Variable): string {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(v.name)) throw new Error(`variable name ${v.name} is not portable to LP formats`);
    if (this.variables.has(v.name)) throw new Error(`duplicate variable ${v.name}`);
    this.variables.set(v.name, v);
    return v.name;
  }

  private mustExist(name: string): void {
    if (!this.variables.has(name)) throw new Error(`unknown variable ${name}`);
  }
}

/** Sums repeated variables and drops zero coefficients (solvers differ on both). */
function mergeTerms(terms: Term[]): Term[] {
  const sum = new Map<string, number>();
  for (const t of terms) sum.set(t.variable, (sum.get(t.variable) ?? 0) + t.coef);
  return [...sum].filter(([, coef]) => coef !== 0).map(([variable, coef]) => ({ variable, coef }));
}
