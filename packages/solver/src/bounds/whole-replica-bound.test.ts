import { mulberry32, randomInt } from '@infscale/core';
import { pasUpperBound, type BoundPipeline } from './ipa-bound';
import { randomPipeline, tiny, variant } from './test-support/pipelines';
import { pasUpperBoundWholeReplicas } from './whole-replica-bound';

const arrivals = [...Array<number>(10).fill(10), ...Array<number>(10).fill(30), ...Array<number>(10).fill(20)];

describe('pasUpperBoundWholeReplicas', () => {
  it('charges whole replicas per interval (hand-computed)', () => {
    // At 10, 30, 20 req/s: small+fast 1+1, 3+2, 2+1 cores; large+good 4+3, 12+8, 8+5. Each interval
    // is a third of the window, so the cheapest is 10/3 mean cores.
    expect(pasUpperBoundWholeReplicas({ arrivals, pipeline: tiny, budgetMeanCores: 3 })).toEqual({ feasible: false, minMeanCores: expect.closeTo(10 / 3, 12) });
    // In every interval small+fast → large+good is the best step, 0.014 PAS per core (e.g. the first:
    // 5 more cores for 100/600 · 0.42); 6 − 10/3 mean cores = 8 cores buy 0.112.
    const b = pasUpperBoundWholeReplicas({ arrivals, pipeline: tiny, budgetMeanCores: 6 });
    if (!b.feasible) throw new Error('expected feasible');
    expect(b.pas).toBeCloseTo(0.412, 12);
    expect(b.meanCores).toBeCloseTo(6, 12);
    // The fractional-replica bound at the same budget: 0.426.
    const f = pasUpperBound({ arrivals, pipeline: tiny, budgetMeanCores: 6 });
    expect(f.feasible && f.pas).toBeCloseTo(0.426, 12);
    expect(pasUpperBoundWholeReplicas({ arrivals, pipeline: tiny, budgetMeanCores: 1000 })).toMatchObject({ feasible: true, pas: expect.closeTo(0.72, 12) });
  });

  it('spends the free share where it saves a replica (hand-computed)', () => {
    // 11 then 9 req/s for 10 s each; `a` serves 10 req/s a replica, `b` 5. 5 % of 200 = 10 free.
    const one: BoundPipeline = { stages: [{ name: 's', variants: [variant('a', 0.5, 1, [10]), variant('b', 0.8, 1, [5])] }] };
    const load = [...Array<number>(10).fill(11), ...Array<number>(10).fill(9)];
    // Without them `a` needs 2 + 1 replicas = 1.5 mean cores; freeing the 10 over 100 in the first
    // interval leaves 1 + 1: (100·0.5 + 10·0.8 + 90·0.5) / 200.
    const b = pasUpperBoundWholeReplicas({ arrivals: load, pipeline: one, budgetMeanCores: 1, freeShare: 0.05 });
    expect(b).toMatchObject({ feasible: true, pas: expect.closeTo(0.515, 12), meanCores: expect.closeTo(1, 12) });
    expect(pasUpperBoundWholeReplicas({ arrivals: load, pipeline: one, budgetMeanCores: 1 })).toEqual({
      feasible: false,
      minMeanCores: expect.closeTo(1.5, 12),
    });
    expect(pasUpperBoundWholeReplicas({ arrivals: load, pipeline: one, budgetMeanCores: 0.9, freeShare: 0.05 })).toEqual({
      feasible: false,
      minMeanCores: expect.closeTo(1, 12),
    });
    // Fractional replicas: 0.04 + 0.95·(0.5 + 0.3·0.05/0.95) = 0.53.
    const f = pasUpperBound({ arrivals: load, pipeline: one, budgetMeanCores: 1, freeShare: 0.05 });
    expect(f.feasible && f.pas).toBeCloseTo(0.53, 12);
  });

  it("sized for each interval's busiest second instead of its mean rate (hand-computed)", () => {
    // One interval: nine seconds of 10 req/s and one of 30 (mean 12); `a` serves 10 req/s a replica, `b` 5.
    const one: BoundPipeline = { stages: [{ name: 's', variants: [variant('a', 0.5, 1, [10]), variant('b', 0.8, 1, [5])] }] };
    const load = [...Array<number>(9).fill(10), 30];
    expect(pasUpperBoundWholeReplicas({ arrivals: load, pipeline: one, budgetMeanCores: 0.5 })).toEqual({
      feasible: false,
      minMeanCores: expect.closeTo(2, 12),
    });
    expect(pasUpperBoundWholeReplicas({ arrivals: load, pipeline: one, budgetMeanCores: 0.5, sizing: 'peak-second' })).toEqual({
      feasible: false,
      minMeanCores: expect.closeTo(3, 12),
    });
    // Free requests come off the busiest second's top: 20 of them (of the 24 a 20 % share allows) bring it to 10, one replica.
    expect(pasUpperBoundWholeReplicas({ arrivals: load, pipeline: one, budgetMeanCores: 0.5, sizing: 'peak-second', freeShare: 0.2 })).toEqual({
      feasible: false,
      minMeanCores: expect.closeTo(1, 12),
    });
    // Every request on `b` fits 6 cores at the mean rate (12 → 3 replicas); at the peak `a` needs 3 and `b` 6,
    // so 4.5 cores buy half of them on each: 0.5·0.5 + 0.5·0.8.
    expect(pasUpperBoundWholeReplicas({ arrivals: load, pipeline: one, budgetMeanCores: 6 })).toMatchObject({ feasible: true, pas: expect.closeTo(0.8, 12) });
    expect(pasUpperBoundWholeReplicas({ arrivals: load, pipeline: one, budgetMeanCores: 4.5, sizing: 'peak-second' })).toMatchObject({
      feasible: true,
      pas: expect.closeTo(0.65, 12),
    });
  });

  it('lies between the best whole choice per interval (enumerated) and the fractional-replica bound (80 random cases)', () => {
    const rand = mulberry32(23);
    let feasibleCases = 0;
    let strictlyTighter = 0;
    for (let n = 0; n < 80; n++) {
      const pipeline = randomPipeline(rand, 9);
      const load = Array.from({ length: 30 }, () => randomInt(rand, 0, 8));
      const freeShare = n % 2 === 0 ? 0 : 0.03;
      const counts = [0, 1, 2].map((t) => load.slice(10 * t, 10 * t + 10).reduce((a, b) => a + b, 0));
      const total = counts.reduce((a, b) => a + b, 0);
      const free = Math.floor(freeShare * total);
      // Per interval and whole free count: every variant and batch per stage with the fewest replicas that keep up.
      const choices = counts.map((count) =>
        Array.from({ length: free + 1 }, (_, d) => {
          const out: { cores: number; value: number }[] = [];
          for (let a = 0; a < 16; a++) {
            const picks = [a % 4, Math.floor(a / 4)].map((x, s) => ({ v: pipeline.stages[s]!.variants[x >> 1]!, point: x & 1 }));
            const cores = picks.reduce((sum, { v, point }) => sum + v.baseCores * Math.ceil((count - d) / (10 * v.points[point]!.throughputRps)), 0);
            out.push({ cores, value: (count - d) * picks[0]!.v.accuracy * picks[1]!.v.accuracy });
          }
          return out;
        }),
      );
      const bestPas = Math.max(
        ...[0, 1].flatMap((i) => [0, 1].map((j) => pipeline.stages[0]!.variants[i]!.accuracy * pipeline.stages[1]!.variants[j]!.accuracy)),
      );
      let cheapest = Infinity;
      const enumerate = (budget: number): number => {
        let best = -Infinity;
        for (let d0 = 0; d0 <= free; d0++)
          for (let d1 = 0; d0 + d1 <= free; d1++)
            for (let d2 = 0; d0 + d1 + d2 <= free; d2++) {
              const freeValue = (d0 + d1 + d2) * bestPas;
              for (const x of choices[0]![d0]!)
                for (const y of choices[1]![d1]!)
                  for (const z of choices[2]![d2]!) {
                    const meanCores = (x.cores + y.cores + z.cores) / 3;
                    cheapest = Math.min(cheapest, meanCores);
                    if (meanCores <= budget + 1e-9) best = Math.max(best, (x.value + y.value + z.value + freeValue) / total);
                  }
            }
        return best;
      };
      enumerate(0);
      const budget = cheapest * (0.8 + 1.2 * rand());
      const integral = enumerate(budget);
      const bound = pasUpperBoundWholeReplicas({ arrivals: load, pipeline, budgetMeanCores: budget, freeShare });
      const fractional = pasUpperBound({ arrivals: load, pipeline, budgetMeanCores: budget, freeShare });
      if (!bound.feasible) {
        expect(integral).toBe(-Infinity);
        expect(bound.minMeanCores).toBeGreaterThan(budget);
        continue;
      }
      feasibleCases++;
      expect(bound.pas).toBeGreaterThanOrEqual(integral - 1e-9);
      expect(bound.meanCores).toBeLessThanOrEqual(budget + 1e-9);
      // Whole replicas cost at least fractional ones, so the fractional bound is feasible and higher.
      expect(fractional.feasible).toBe(true);
      if (fractional.feasible) {
        expect(bound.pas).toBeLessThanOrEqual(fractional.pas + 1e-9);
        if (bound.pas < fractional.pas - 1e-6) strictlyTighter++;
      }
    }
    expect(feasibleCases).toBeGreaterThan(40);
    expect(strictlyTighter).toBeGreaterThan(15);
  });
});
