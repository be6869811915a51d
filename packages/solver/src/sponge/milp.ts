import { ModelBuilder, type LinearModel } from '../lp/model';
import type { SpongeProblem } from './problem';
import { checkPlan, spongeObjective } from './plan';
import type { SpongeChoice } from './search';

/**
 * The deadline test is not linear in (c, b), so the tightest exact MILP is a choice among the
 * pairs that pass it: one binary per feasible pair, exactly one chosen, lexicographic cost.
 */
export function spongeModel(p: SpongeProblem, sorted: readonly number[]): { model: LinearModel; pairs: SpongeChoice[] } {
  const m = new ModelBuilder('min');
  const pairs: SpongeChoice[] = [];
  for (let c = 1; c <= p.maxCores; c++) for (let b = 1; b <= p.maxBatch; b++) if (checkPlan(p, sorted, c, b).feasible) pairs.push({ cores: c, batch: b });
  const xs = pairs.map((q) => m.binary(`x_${q.cores}_${q.batch}`));
  m.constrain(
    'one',
    xs.map((x) => ({ variable: x, coef: 1 })),
    '=',
    1,
  );
  m.setObjective(xs.map((x, i) => ({ variable: x, coef: spongeObjective(p, pairs[i]!.cores, pairs[i]!.batch) })));
  return { model: m.build(), pairs };
}

export function decodeSponge(pairs: readonly SpongeChoice[], values: Readonly<Record<string, number>>): SpongeChoice | undefined {
  return pairs.find((q) => (values[`x_${q.cores}_${q.batch}`] ?? 0) > 0.5);
}
