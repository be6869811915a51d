import { mulberry32, randomInt } from '@infscale/core';
import { randomPipeline, tiny } from './test-support/pipelines';
import { pasUpperBoundWholeReplicas } from './whole-replica-bound';
import { wholeReplicaPlan } from './whole-replica-plan';

const arrivals = [...Array<number>(10).fill(10), ...Array<number>(10).fill(30), ...Array<number>(10).fill(20)];

describe('wholeReplicaPlan: what the frontier runs in each interval', () => {
  it('runs the best configuration everywhere when the budget allows it (hand-computed)', () => {
    // large+good at 10, 30, 20 req/s: 4+3, 12+8, 8+5 cores (whole-replica-bound.test.ts).
    const plan = wholeReplicaPlan({ arrivals, pipeline: tiny, budgetMeanCores: 1000 })!;
    expect(plan.map((p) => [p.startS, p.lengthS, p.requests])).toEqual([
      [0, 10, 100],
      [10, 10, 300],
      [20, 10, 200],
    ]);
    expect(plan.map((p) => p.cores)).toEqual([7, 20, 13]);
    for (const p of plan) {
      expect(p.choices.map((c) => [c.variants.join('+'), c.weight])).toEqual([['large+good', 1]]);
      expect(p.pas).toBeCloseTo(0.72, 12);
    }
  });

  it('adds up to the bound: its mean cores and its request-weighted PAS (random pipelines)', () => {
    const rand = mulberry32(11);
    for (let n = 0; n < 40; n++) {
      const pipeline = randomPipeline(rand, 9);
      const load = Array.from({ length: 40 }, () => randomInt(rand, 0, 12));
      const cheapest = pasUpperBoundWholeReplicas({ arrivals: load, pipeline, budgetMeanCores: 0 });
      const least = cheapest.feasible ? cheapest.meanCores : cheapest.minMeanCores;
      const budgetMeanCores = least * (1 + rand());
      const bound = pasUpperBoundWholeReplicas({ arrivals: load, pipeline, budgetMeanCores });
      const plan = wholeReplicaPlan({ arrivals: load, pipeline, budgetMeanCores });
      if (!bound.feasible) {
        expect(plan).toBeUndefined();
        continue;
      }
      expect(plan).toBeDefined();
      const meanCores = plan!.reduce((a, p) => a + (p.cores * p.lengthS) / load.length, 0);
      expect(meanCores).toBeCloseTo(bound.meanCores, 9);
      const requests = plan!.reduce((a, p) => a + p.requests, 0);
      if (requests === 0) continue;
      // No free share: every request is served, at its interval's PAS.
      const pas = plan!.reduce((a, p) => a + p.requests * (p.pas ?? 0), 0) / requests;
      expect(pas).toBeCloseTo(bound.pas, 9);
      for (const p of plan!) expect(p.choices.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(1, 9);
    }
  });

  it('has no plan when the budget is below the cheapest', () => {
    expect(wholeReplicaPlan({ arrivals, pipeline: tiny, budgetMeanCores: 3 })).toBeUndefined();
  });
});
