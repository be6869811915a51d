import { mulberry32, randomInt } from '@infscale/core';
import { ModelBuilder } from '../lp/model';
import type { MilpBackends } from '../lp/backend';
import { milpBackends } from '../test-support/backends';
import type { BoundVariant } from './infadapter-bound';
import { leastCoreSecondsAt, mostAccuracyWithin, type FrontierInput } from './infadapter-frontier';

let milp: MilpBackends;
beforeAll(async () => {
  milp = await milpBackends();
});

const fast: BoundVariant = { name: 'fast', accuracy: 0.7, rpsPerCore: 20 };
const good: BoundVariant = { name: 'good', accuracy: 0.8, rpsPerCore: 5 };

/**
 * The frontier's model written out as a plain LP: per interval k a share z[k][v] of its requests on
 * variant v and a free share f[k]; cores λ_k·Σ z/r ≤ max; Σ n_k f_k ≤ limit; accuracy counted with
 * the free requests at the best variant's. `goal` picks the question.
 */
function lp(input: FrontierInput, goal: { accuracy: number } | { coreSeconds: number }): number | undefined {
  const intervalS = input.intervalS ?? 30;
  const maxCores = input.maxCores ?? 20;
  const best = Math.max(...input.variants.map((v) => v.accuracy));
  const m = new ModelBuilder('accuracy' in goal ? 'min' : 'max');
  const cost: { variable: string; coef: number }[] = [];
  const value: { variable: string; coef: number }[] = [];
  const free: { variable: string; coef: number }[] = [];
  let total = 0;
  for (let k = 0, start = 0; start < input.arrivals.length; k++, start += intervalS) {
    const secs = Array.from(input.arrivals).slice(start, start + intervalS);
    const peak = Math.max(...secs);
    const n = secs.reduce((a, b) => a + b, 0);
    total += n;
    const z = input.variants.map((_, i) => m.continuous(`z_${k}_${i}`, 0, 1));
    const f = m.continuous(`f_${k}`, 0, 1);
    m.constrain(`all_${k}`, [...z.map((variable) => ({ variable, coef: 1 })), { variable: f, coef: 1 }], '=', 1);
    m.constrain(
      `cores_${k}`,
      z.map((variable, i) => ({ variable, coef: peak / input.variants[i]!.rpsPerCore })),
      '<=',
      maxCores,
    );
    z.forEach((variable, i) => {
      cost.push({ variable, coef: (secs.length * peak) / input.variants[i]!.rpsPerCore });
      value.push({ variable, coef: n * input.variants[i]!.accuracy });
    });
    value.push({ variable: f, coef: n * best });
    free.push({ variable: f, coef: n });
  }
  m.constrain('free', free, '<=', (input.freeShare ?? 0.01) * total);
  if ('accuracy' in goal) {
    m.constrain('accuracy', value, '>=', goal.accuracy * total);
    m.setObjective(cost);
  } else {
    m.constrain('cost', cost, '<=', goal.coreSeconds);
    m.setObjective(value.map((t) => ({ ...t, coef: t.coef / total })));
  }
  const out = milp.highs!.solve(m.build());
  return out.status === 'optimal' ? out.objective : undefined;
}

describe('the InfAdapter frontier', () => {
  it('sizes each interval for its peak: one variant, no free share (hand-computed)', () => {
    // Two 30 s intervals with peaks 100 and 40 req/s on the fast variant: 5 and 2 cores.
    const arrivals = [...Array<number>(29).fill(50), 100, ...Array<number>(30).fill(40)];
    const p = leastCoreSecondsAt({ arrivals, variants: [fast], freeShare: 0 }, 0.7)!;
    expect(p.coreSeconds).toBeCloseTo(30 * 5 + 30 * 2, 9);
    expect(p.freeShare).toBe(0);
    expect(leastCoreSecondsAt({ arrivals, variants: [fast], freeShare: 0 }, 0.71)).toBeUndefined();
  });

  it('mixes variants to reach the accuracy, within the core limit', () => {
    // 60 req/s for 30 s: accuracy 0.75 needs half the load on good (6 cores) and half on fast (1.5).
    const arrivals = Array<number>(30).fill(60);
    const p = leastCoreSecondsAt({ arrivals, variants: [fast, good], freeShare: 0 }, 0.75)!;
    expect(p.coreSeconds).toBeCloseTo(30 * 7.5, 9);
    // With 4 cores at most, good can take at most (4 − 3)/(12 − 3) of the load: 0.711 at most.
    expect(leastCoreSecondsAt({ arrivals, variants: [fast, good], maxCores: 4, freeShare: 0 }, 0.75)).toBeUndefined();
    expect(mostAccuracyWithin({ arrivals, variants: [fast, good], maxCores: 4, freeShare: 0 }, 1e9)!.accuracy).toBeCloseTo(0.7 + 0.1 / 9, 9);
  });

  it('spends the free share where it saves the most: a spike interval goes free', () => {
    // 99 intervals at 10 req/s (0.5 cores) and one whose first second has 1000 requests (50 cores):
    // with exactly those 1000 free, the spike costs nothing and every other interval is paid in full.
    const arrivals: number[] = [];
    for (let k = 0; k < 100; k++) for (let s = 0; s < 30; s++) arrivals.push(k === 50 && s === 0 ? 1000 : k === 50 ? 0 : 10);
    const p = leastCoreSecondsAt({ arrivals, variants: [fast], freeShare: 1000 / 30700 }, 0.7)!;
    expect(p.coreSeconds).toBeCloseTo(99 * 30 * 0.5, 6);
    expect(p.freeShare).toBeCloseTo(1000 / 30700, 9);
    // Twice the free share: the other 1000 free requests each save 15 core-s / 300 requests.
    expect(leastCoreSecondsAt({ arrivals, variants: [fast], freeShare: 2000 / 30700 }, 0.7)!.coreSeconds).toBeCloseTo(99 * 15 - 1000 * (15 / 300), 6);
  });

  it('agrees with the same LP solved by HiGHS on random windows, both questions', () => {
    const rand = mulberry32(11);
    for (let trial = 0; trial < 25; trial++) {
      const arrivals = Array.from({ length: randomInt(rand, 30, 150) }, () => (rand() < 0.1 ? randomInt(rand, 100, 400) : randomInt(rand, 0, 80)));
      const variants = Array.from({ length: randomInt(rand, 1, 4) }, (_, i) => ({ name: `v${i}`, accuracy: 0.6 + 0.3 * rand(), rpsPerCore: 2 + 25 * rand() }));
      const input: FrontierInput = { arrivals, variants, maxCores: randomInt(rand, 5, 30), freeShare: 0.05 * rand() };
      const best = Math.max(...variants.map((v) => v.accuracy));
      const accuracy = Math.min(...variants.map((v) => v.accuracy)) + rand() * (best - Math.min(...variants.map((v) => v.accuracy)));
      const ours = leastCoreSecondsAt(input, accuracy);
      const theirs = lp(input, { accuracy });
      if (theirs === undefined) expect(ours).toBeUndefined();
      else {
        expect(ours).toBeDefined();
        expect(Math.abs(ours!.coreSeconds - theirs)).toBeLessThan(1e-6 * Math.max(1, theirs));
        // The dual: at that many core-seconds the most accuracy is the accuracy asked.
        const back = mostAccuracyWithin(input, theirs)!;
        expect(back.accuracy).toBeGreaterThan(accuracy - 1e-6);
        const lpBack = lp(input, { coreSeconds: theirs * 0.9 });
        const ourBack = mostAccuracyWithin(input, theirs * 0.9);
        if (lpBack === undefined) expect(ourBack).toBeUndefined();
        else expect(Math.abs(ourBack!.accuracy - lpBack)).toBeLessThan(1e-6);
      }
    }
  });
});
