import { mulberry32, randomInt } from '@infscale/core';
import { ModelBuilder } from '../lp/model';
import type { MilpBackends } from '../lp/backend';
import { milpBackends } from '../test-support/backends';
import { fractionalMultipleChoice, fractionalMultipleChoiceLimited, leastCostWithin, type ChoiceItem, type LimitedChoiceItem } from './fractional-choice';

let milp: MilpBackends;
beforeAll(async () => {
  milp = await milpBackends();
});

/** min over μ ≥ 0 of μ·budget + Σ_c max_i (value − μ·cost): the Lagrangian dual, evaluated at every breakpoint. */
function lagrangianDual(classes: readonly (readonly ChoiceItem[])[], budget: number): number {
  const dual = (mu: number): number => mu * budget + classes.reduce((a, items) => a + Math.max(...items.map((x) => x.value - mu * x.cost)), 0);
  const candidates = [0];
  for (const items of classes)
    for (const a of items) for (const b of items) if (b.cost > a.cost && b.value > a.value) candidates.push((b.value - a.value) / (b.cost - a.cost));
  return Math.min(...candidates.map(dual));
}

/** The same LP handed to a general solver; with `limit`, items' use is a second budget row. */
function lpOptimum(
  classes: readonly (readonly (ChoiceItem & { use?: number })[])[],
  budget: number,
  backend: 'highs' | 'glpk',
  limit?: number,
): number | undefined {
  const m = new ModelBuilder('max');
  const objective: { variable: string; coef: number }[] = [];
  const budgetTerms: { variable: string; coef: number }[] = [];
  const useTerms: { variable: string; coef: number }[] = [];
  classes.forEach((items, c) => {
    const names = items.map((_, i) => m.continuous(`y_${c}_${i}`, 0, 1));
    m.constrain(
      `one_${c}`,
      names.map((variable) => ({ variable, coef: 1 })),
      '=',
      1,
    );
    items.forEach((x, i) => {
      objective.push({ variable: names[i]!, coef: x.value });
      budgetTerms.push({ variable: names[i]!, coef: x.cost });
      useTerms.push({ variable: names[i]!, coef: x.use ?? 0 });
    });
  });
  m.constrain('budget', budgetTerms, '<=', budget);
  if (limit !== undefined) m.constrain('limit', useTerms, '<=', limit);
  m.setObjective(objective);
  const out = milp[backend]!.solve(m.build());
  return out.status === 'optimal' ? out.objective : undefined;
}

function randomClasses(rand: () => number, count: number, size: number): ChoiceItem[][] {
  return Array.from({ length: count }, () =>
    Array.from({ length: size }, () => ({ cost: Math.round(100 * rand()) / 10, value: Math.round(100 * rand()) / 10 })),
  );
}

describe('fractionalMultipleChoice', () => {
  it('fills the budget along the best value per cost (hand-computed)', () => {
    const a = [
      { cost: 1, value: 1 },
      { cost: 3, value: 5 },
    ];
    const b = [
      { cost: 1, value: 2 },
      { cost: 2, value: 3 },
    ];
    // Start 2 cost / 3 value; a's step gains 2 per cost, b's 1: with 2 more, a goes all the way.
    expect(fractionalMultipleChoice([a, b], 4)).toEqual({
      value: 7,
      cost: 4,
      weights: [
        [0, 1],
        [1, 0],
      ],
    });
    const r = fractionalMultipleChoice([a, b], 4.5)!;
    expect(r.value).toBeCloseTo(7.5, 12);
    expect(r.weights[1]).toEqual([0.5, 0.5]);
    expect(fractionalMultipleChoice([a, b], 1.5)).toBeUndefined();
    expect(fractionalMultipleChoice([a, []], 10)).toBeUndefined();
  });

  it('ignores items below the hull and those worth less than a cheaper one', () => {
    const items = [
      { cost: 1, value: 1 },
      { cost: 2, value: 1.2 },
      { cost: 3, value: 3 },
      { cost: 4, value: 2 },
    ];
    const r = fractionalMultipleChoice([items], 2)!;
    expect(r.value).toBeCloseTo(2, 12);
    expect(r.weights[0]).toEqual([0.5, 0, 0.5, 0]);
  });

  it('equals the Lagrangian dual and HiGHS and GLPK on 200 random instances, and beats every whole choice', () => {
    const rand = mulberry32(99);
    let solved = 0;
    for (let n = 0; n < 200; n++) {
      const classes = randomClasses(rand, randomInt(rand, 1, 3), randomInt(rand, 1, 4));
      const budget = Math.round(200 * rand()) / 10;
      const r = fractionalMultipleChoice(classes, budget);
      const highs = lpOptimum(classes, budget, 'highs');
      const glpk = lpOptimum(classes, budget, 'glpk');
      // Whole choices: one item per class.
      let integral = -Infinity;
      const pick = (c: number, cost: number, value: number): void => {
        if (c === classes.length) {
          if (cost <= budget + 1e-9) integral = Math.max(integral, value);
          return;
        }
        for (const x of classes[c]!) pick(c + 1, cost + x.cost, value + x.value);
      };
      pick(0, 0, 0);
      if (!r) {
        expect(integral).toBe(-Infinity);
        expect(highs).toBeUndefined();
        continue;
      }
      solved++;
      expect(r.cost).toBeLessThanOrEqual(budget + 1e-9);
      expect(r.value).toBeCloseTo(lagrangianDual(classes, budget), 9);
      expect(r.value).toBeCloseTo(highs!, 6);
      expect(r.value).toBeCloseTo(glpk!, 6);
      expect(r.value).toBeGreaterThanOrEqual(integral - 1e-9);
      // The weights describe the answer.
      const value = classes.reduce((a, items, c) => a + items.reduce((s, x, i) => s + r.weights[c]![i]! * x.value, 0), 0);
      expect(value).toBeCloseTo(r.value, 9);
      for (const w of r.weights) expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    expect(solved).toBeGreaterThan(100);
  });
});

describe('fractionalMultipleChoiceLimited', () => {
  it('spends the second budget where it saves the most (hand-computed)', () => {
    // Class a: using 1 unit saves 1 cost at the same value; class b: the dear item is worth 2 more.
    const a = [
      { cost: 2, value: 1, use: 0 },
      { cost: 1, value: 1, use: 1 },
    ];
    const b = [
      { cost: 1, value: 1, use: 0 },
      { cost: 2, value: 3, use: 0 },
    ];
    // Unlimited: a saves 1, which buys b's step: value 4 at cost 3.
    expect(fractionalMultipleChoiceLimited([a, b], 3, 1)).toMatchObject({ value: 4, upper: 4, cost: 3, use: 1 });
    // Half the use: a half saved, b half upgraded: 3 at cost 3, and the dual agrees.
    const r = fractionalMultipleChoiceLimited([a, b], 3, 0.5)!;
    expect(r.value).toBeCloseTo(3, 9);
    expect(r.upper).toBeCloseTo(3, 9);
    expect(r.use).toBeCloseTo(0.5, 9);
    expect(r.weights[0]![1]).toBeCloseTo(0.5, 9);
    expect(fractionalMultipleChoiceLimited([a, b], 2, 0.5)).toBeUndefined();
    expect(leastCostWithin([a, b], 0.5)).toBeCloseTo(2.5, 12);
  });

  it('equals HiGHS and GLPK on 200 random instances, within both budgets', () => {
    const rand = mulberry32(17);
    let bound = 0;
    for (let n = 0; n < 200; n++) {
      const classes: LimitedChoiceItem[][] = randomClasses(rand, randomInt(rand, 1, 3), randomInt(rand, 1, 4)).map((items) =>
        items.map((x) => ({ ...x, use: rand() < 0.4 ? 0 : Math.round(50 * rand()) / 10 })),
      );
      const budget = Math.round(200 * rand()) / 10;
      const limit = Math.round(50 * rand()) / 10;
      const r = fractionalMultipleChoiceLimited(classes, budget, limit);
      const highs = lpOptimum(classes, budget, 'highs', limit);
      const glpk = lpOptimum(classes, budget, 'glpk', limit);
      if (!r) {
        expect(highs).toBeUndefined();
        expect(glpk).toBeUndefined();
        continue;
      }
      expect(r.value).toBeCloseTo(highs!, 6);
      expect(r.value).toBeCloseTo(glpk!, 6);
      expect(r.upper).toBeGreaterThanOrEqual(highs! - 1e-9);
      expect(r.upper - r.value).toBeLessThan(1e-9);
      expect(r.cost).toBeLessThanOrEqual(budget + 1e-9);
      expect(r.use).toBeLessThanOrEqual(limit + 1e-9);
      const value = classes.reduce((a, items, c) => a + items.reduce((s, x, i) => s + r.weights[c]![i]! * x.value, 0), 0);
      expect(value).toBeCloseTo(r.value, 9);
      for (const w of r.weights) expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      // The second budget binds in a good share of the cases.
      if (r.use > limit - 1e-9 && limit > 0) bound++;
    }
    expect(bound).toBeGreaterThan(30);
  });
});
