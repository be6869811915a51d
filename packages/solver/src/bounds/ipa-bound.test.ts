import { mulberry32, randomInt } from '@infscale/core';
import { pasUpperBound, pipelineConfigurations } from './ipa-bound';
import { randomPipeline, tiny } from './test-support/pipelines';

describe('pipelineConfigurations', () => {
  it('multiplies accuracies and adds base cores / best throughput (hand-computed)', () => {
    const c = pipelineConfigurations(tiny);
    expect(c.map((x) => x.variants.join('+'))).toEqual(['small+fast', 'small+good', 'large+fast', 'large+good']);
    [0.3, 0.45, 0.48, 0.72].forEach((pas, i) => expect(c[i]!.pas).toBeCloseTo(pas, 12));
    [0.15, 0.35, 0.45, 0.65].forEach((cost, i) => expect(c[i]!.coreSecondsPerRequest).toBeCloseTo(cost, 12));
  });
});

describe('pasUpperBound', () => {
  const arrivals = [...Array<number>(10).fill(10), ...Array<number>(10).fill(30), ...Array<number>(10).fill(20)];

  it('mixes the two best-value configurations at the budget (hand-computed)', () => {
    // 600 requests over 30 s; the cheapest costs 0.15·20 = 3 mean cores, large+fast 0.45·20 = 9.
    const b = pasUpperBound({ arrivals, pipeline: tiny, budgetMeanCores: 6 });
    expect(b.feasible).toBe(true);
    if (!b.feasible) return;
    // The hull is small+fast → large+good (0.42 PAS for 0.5 core-s, steeper than via the others):
    // 3 of its 10 mean cores fit, so 30 % of the requests move.
    expect(b.pas).toBeCloseTo(0.3 + 0.3 * 0.42, 12);
    expect(b.meanCores).toBeCloseTo(6, 12);
    expect(b.mix['small+fast']).toBeCloseTo(0.7, 12);
    expect(b.mix['large+good']).toBeCloseTo(0.3, 12);
    expect(pasUpperBound({ arrivals, pipeline: tiny, budgetMeanCores: 1000 })).toMatchObject({ feasible: true, pas: expect.closeTo(0.72, 12) });
    expect(pasUpperBound({ arrivals, pipeline: tiny, budgetMeanCores: 2.9 })).toEqual({ feasible: false, minMeanCores: expect.closeTo(3, 12) });
  });

  it('does not depend on the interval length (the cost is linear in the rate)', () => {
    const pas = [1, 7, 10, 60].map((intervalS) => {
      const b = pasUpperBound({ arrivals, pipeline: tiny, budgetMeanCores: 5, intervalS });
      return b.feasible ? b.pas : NaN;
    });
    for (const p of pas) expect(p).toBeCloseTo(pas[0]!, 12);
  });

  it('counts a free share at the best PAS and frees its cores', () => {
    const b = pasUpperBound({ arrivals, pipeline: tiny, budgetMeanCores: 6, freeShare: 0.1 });
    if (!b.feasible) throw new Error('expected feasible');
    // 540 served: cheapest 2.7 mean cores, 3.3 more buys 3.3/(0.5·18) of them on large+good.
    expect(b.pas).toBeCloseTo(0.1 * 0.72 + 0.9 * (0.3 + (3.3 / 9) * 0.42), 12);
  });

  it('is at least the PAS of every whole choice per interval that keeps up within the budget (enumerated, 60 random cases)', () => {
    const rand = mulberry32(5);
    let feasibleCases = 0;
    for (let n = 0; n < 60; n++) {
      const pipeline = randomPipeline(rand, 20);
      const load = Array.from({ length: 30 }, () => randomInt(rand, 0, 20));
      const configs = pipelineConfigurations(pipeline);
      const counts = [0, 1, 2].map((t) => load.slice(10 * t, 10 * t + 10).reduce((a, b) => a + b, 0));
      const total = counts.reduce((a, b) => a + b, 0);
      const cheapest = (Math.min(...configs.map((c) => c.coreSecondsPerRequest)) * total) / 30;
      const budget = cheapest * (1 + 2 * rand());
      const bound = pasUpperBound({ arrivals: load, pipeline, budgetMeanCores: budget });
      if (!bound.feasible) throw new Error(`case ${n}: the cheapest configuration fits the budget`);
      let best = -Infinity;
      // Every assignment of one configuration per interval; replicas as whole numbers (ceil) or fractions.
      for (let a = 0; a < configs.length ** 3; a++) {
        const pick = [a % 4, Math.floor(a / 4) % 4, Math.floor(a / 16)].map((k) => configs[k]!);
        const fractional = pick.reduce((s, c, t) => s + (counts[t]! * c.coreSecondsPerRequest) / 30, 0);
        if (fractional > budget + 1e-9) continue;
        const pas = total === 0 ? 0 : pick.reduce((s, c, t) => s + counts[t]! * c.pas, 0) / total;
        best = Math.max(best, pas);
      }
      expect(best).toBeGreaterThan(-Infinity);
      expect(bound.pas).toBeGreaterThanOrEqual(best - 1e-12);
      feasibleCases++;
    }
    expect(feasibleCases).toBe(60);
  });
});
