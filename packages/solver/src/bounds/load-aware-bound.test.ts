import { mulberry32, randomInt } from '@infscale/core';
import type { BoundPipeline } from './ipa-bound';
import { pasUpperBoundWithLoads } from './load-aware-bound';
import { randomPipeline } from './test-support/pipelines';
import { pasUpperBoundWholeReplicas } from './whole-replica-bound';

/** One interval's choice, enumerated independently of the bound's own option lists. */
interface Choice {
  variants: number[];
  replicas: number[];
  cores: number;
  free: number;
  value: number;
}

/**
 * The best load-weighted PAS of any plan of whole replicas per 10 s interval within the budget, the
 * free requests within the share, and every new pod charged `loadS` seconds of its cores: every
 * variant per stage, every whole free count per interval, every sequence of three intervals.
 */
function bestPlan(pipeline: BoundPipeline, arrivals: number[], budget: number, freeShare: number, loadS: number): number {
  const counts = [0, 1, 2].map((t) => arrivals.slice(10 * t, 10 * t + 10).reduce((a, b) => a + b, 0));
  const total = counts.reduce((a, b) => a + b, 0);
  const free = Math.floor(freeShare * total + 1e-9);
  const stages = pipeline.stages.map((s) => s.variants.map((v) => ({ ...v, rps: Math.max(...v.points.map((p) => p.throughputRps)) })));
  const bestPas = Math.max(...stages[0]!.flatMap((a) => stages[1]!.map((b) => a.accuracy * b.accuracy)));
  const choices = counts.map((count) => {
    const out: Choice[] = [];
    for (let d = 0; d <= Math.min(free, count); d++)
      for (let i = 0; i < stages[0]!.length; i++)
        for (let j = 0; j < stages[1]!.length; j++) {
          const picks = [stages[0]![i]!, stages[1]![j]!];
          const replicas = picks.map((v) => Math.ceil((count - d) / (10 * v.rps) - 1e-9));
          const cores = picks.reduce((a, v, s) => a + v.baseCores * replicas[s]!, 0);
          out.push({ variants: [i, j], replicas, cores, free: d, value: (count - d) * picks[0]!.accuracy * picks[1]!.accuracy + d * bestPas });
        }
    return out;
  });
  const loadCores = (a: Choice, b: Choice) =>
    b.replicas.reduce((sum, r, s) => sum + stages[s]![b.variants[s]!]!.baseCores * (a.variants[s] === b.variants[s] ? Math.max(0, r - a.replicas[s]!) : r), 0);
  let best = -Infinity;
  for (const x of choices[0]!)
    for (const y of choices[1]!)
      for (const z of choices[2]!) {
        if (x.free + y.free + z.free > free) continue;
        const meanCores = (10 * (x.cores + y.cores + z.cores) + loadS * (loadCores(x, y) + loadCores(y, z))) / 30;
        if (meanCores <= budget + 1e-9) best = Math.max(best, (x.value + y.value + z.value) / total);
      }
  return best;
}

describe('pasUpperBoundWithLoads', () => {
  it('bounds every plan that pays its model loads (enumerated), and is the frontier again without loads (60 random cases)', () => {
    const rand = mulberry32(31);
    let loadsBind = 0;
    let checked = 0;
    for (let n = 0; n < 60; n++) {
      const pipeline = randomPipeline(rand, 9);
      const arrivals = Array.from({ length: 30 }, () => randomInt(rand, 0, 8));
      const freeShare = n % 3 === 0 ? 0.03 : 0;
      const cheapest = bestPlanCores(pipeline, arrivals);
      const budget = cheapest * (1 + rand());
      const input = { arrivals, pipeline, budgetMeanCores: budget, freeShare };
      const frontier = pasUpperBoundWholeReplicas(input);
      const withLoads = pasUpperBoundWithLoads({ ...input, loadS: 10 });
      const noLoads = pasUpperBoundWithLoads({ ...input, loadS: 0 });
      if (!frontier.feasible || !withLoads.feasible || !noLoads.feasible) continue;
      checked++;
      const best = bestPlan(pipeline, arrivals, budget, freeShare, 10);
      if (best > -Infinity) expect(withLoads.pas).toBeGreaterThanOrEqual(best - 1e-9);
      expect(withLoads.pas).toBeLessThanOrEqual(noLoads.pas + 1e-9);
      // The Lagrangian dual of one choice per interval is its LP relaxation: the frontier's bound.
      expect(noLoads.pas).toBeCloseTo(frontier.pas, 6);
      if (withLoads.pas < frontier.pas - 1e-4) loadsBind++;
    }
    expect(checked).toBeGreaterThan(40);
    // Not a bound that ignores the loads: they lower it in some cases.
    expect(loadsBind).toBeGreaterThan(5);
  });

  it('charges a variant switch all its new replicas, a same-variant change only the replicas it adds (hand-computed)', () => {
    // One stage: `a` (PAS 0.5) serves 10 req/s a replica on 1 core, `b` (PAS 0.8) 5 req/s on 1 core.
    const one: BoundPipeline = {
      stages: [
        {
          name: 's',
          variants: [
            { name: 'a', accuracy: 0.5, baseCores: 1, points: [{ throughputRps: 10 }] },
            { name: 'b', accuracy: 0.8, baseCores: 1, points: [{ throughputRps: 5 }] },
          ],
        },
      ],
    };
    // 10 req/s then 20 req/s, 10 s each: b needs 2 then 4 replicas, a 1 then 2.
    const arrivals = [...Array<number>(10).fill(10), ...Array<number>(10).fill(20)];
    // a throughout, the cheapest plan, costs (1 + 2) / 2 = 1.5 mean cores: below that nothing fits.
    expect(pasUpperBoundWithLoads({ arrivals, pipeline: one, budgetMeanCores: 1.4, loadS: 10 })).toEqual({ feasible: false });
    expect(pasUpperBoundWithLoads({ arrivals, pipeline: one, budgetMeanCores: 1.4, loadS: 10, freeShare: 0.01 })).toEqual({ feasible: false });
    // Without loads b throughout costs (2 + 4) / 2 = 3 mean cores: PAS 0.8 at a budget of 3.
    expect(pasUpperBoundWithLoads({ arrivals, pipeline: one, budgetMeanCores: 3, loadS: 0 })).toMatchObject({ pas: expect.closeTo(0.8, 6) });
    // With 10 s loads b's 2 added replicas load for 10 s: (2 + 4) / 2 + 2 · 10 / 20 = 4 mean cores.
    expect(pasUpperBoundWithLoads({ arrivals, pipeline: one, budgetMeanCores: 4, loadS: 10 })).toMatchObject({ pas: expect.closeTo(0.8, 6) });
    // At 3 cores with loads b throughout (4) is out of reach; b then a is within it (a switch loads a's
    // 2 replicas: (2 + 2) / 2 + 2 · 10 / 20 = 3) at (100 · 0.8 + 200 · 0.5) / 300 = 0.6.
    const b = pasUpperBoundWithLoads({ arrivals, pipeline: one, budgetMeanCores: 3, loadS: 10 });
    expect(b.feasible && b.pas).toBeGreaterThanOrEqual(0.6 - 1e-9);
    expect(b.feasible && b.pas).toBeLessThan(0.8 - 1e-3);
  });
});

/** The fewest mean cores of any plan without free requests or loads: every stage's cheapest variant per interval. */
function bestPlanCores(pipeline: BoundPipeline, arrivals: number[]): number {
  let sum = 0;
  for (let t = 0; t < 3; t++) {
    const count = arrivals.slice(10 * t, 10 * t + 10).reduce((a, b) => a + b, 0);
    for (const s of pipeline.stages)
      sum += Math.min(...s.variants.map((v) => v.baseCores * Math.ceil(count / (10 * Math.max(...v.points.map((p) => p.throughputRps))) - 1e-9)));
  }
  return sum / 3;
}
