import { mulberry32, randomInt } from '@infscale/core';
import { coreSecondsLowerBound, maxRpsPerCore, type BoundVariant } from './infadapter-bound';

describe('coreSecondsLowerBound', () => {
  const r18: BoundVariant = { name: 'r18', accuracy: 0.7, rpsPerCore: 10 };
  const r50: BoundVariant = { name: 'r50', accuracy: 0.76, rpsPerCore: 5 };

  it('is requests × the cheapest mix per request (hand-computed)', () => {
    const b = coreSecondsLowerBound({ arrivals: [10, 20], variants: [r18, r50], requiredAccuracy: 0.73 });
    expect(b.requests).toBe(30);
    // Half on each: (0.1 + 0.2) / 2 core-seconds per request.
    expect(b.coreSeconds).toBeCloseTo(4.5, 12);
    expect(b.mix.r18).toBeCloseTo(0.5, 12);
    expect(b.mix.r50).toBeCloseTo(0.5, 12);
    expect(coreSecondsLowerBound({ arrivals: [10, 20], variants: [r18, r50], requiredAccuracy: 0.76 }).coreSeconds).toBeCloseTo(6, 12);
    expect(coreSecondsLowerBound({ arrivals: [10, 20], variants: [r18, r50], requiredAccuracy: 0.77 }).coreSeconds).toBe(Infinity);
  });

  it('lets a free share count at the best accuracy and cost nothing', () => {
    const b = coreSecondsLowerBound({ arrivals: [10, 20], variants: [r18, r50], requiredAccuracy: 0.73, freeShare: 0.1 });
    // The 27 served must reach (0.73 − 0.1·0.76) / 0.9 = 0.72667: 4/9 of them on r50.
    expect(b.servedAccuracy).toBeCloseTo(0.654 / 0.9, 12);
    expect(b.coreSeconds).toBeCloseTo(27 * (0.1 + (4 / 9) * 0.1), 12);
    // Never more than the plain bound × (1 − s).
    expect(b.coreSeconds).toBeLessThanOrEqual(4.5 * 0.9);
    expect(coreSecondsLowerBound({ arrivals: [10], variants: [r18, r50], requiredAccuracy: 0.9, freeShare: 1 }).coreSeconds).toBe(0);
  });

  it('is reached by whole cores when the rates divide the load', () => {
    // 2 req/s per core and 1: each second 2 requests on each variant = 1 + 2 cores.
    const b = coreSecondsLowerBound({
      arrivals: [4, 4],
      variants: [
        { name: 'a', accuracy: 0.7, rpsPerCore: 2 },
        { name: 'b', accuracy: 0.8, rpsPerCore: 1 },
      ],
      requiredAccuracy: 0.75,
    });
    expect(b.coreSeconds).toBeCloseTo(6, 12);
  });

  it('is at most the fewest core-seconds of any whole-core allocation, found by enumeration (150 random cases)', () => {
    const rand = mulberry32(7);
    let reachable = 0;
    for (let n = 0; n < 150; n++) {
      // Capacity floor(slope·n + intercept) for n ≥ 1, like the paper's fit.
      const models = Array.from({ length: 2 }, () => ({ slope: 0.5 + 3 * rand(), intercept: -rand(), accuracy: 0.6 + 0.2 * rand() }));
      const capacity = (m: (typeof models)[number], cores: number): number => (cores === 0 ? 0 : Math.max(0, Math.floor(m.slope * cores + m.intercept)));
      const maxCores = 6;
      const variants = models.map((m, i) => ({
        name: `v${i}`,
        accuracy: m.accuracy,
        rpsPerCore: maxRpsPerCore(Array.from({ length: maxCores }, (_, k) => ({ cores: k + 1, rps: capacity(m, k + 1) }))),
      }));
      const arrivals = [randomInt(rand, 0, 5), randomInt(rand, 0, 5)];
      const total = arrivals[0]! + arrivals[1]!;
      const required = Math.min(...models.map((m) => m.accuracy)) + rand() * Math.abs(models[0]!.accuracy - models[1]!.accuracy);
      // Per second: every (cores a, cores b, quota on a) that serves the second → (cores, accuracy sum).
      const perSecond = arrivals.map((lambda) => {
        const out: { cores: number; accuracySum: number }[] = [];
        for (let a = 0; a <= maxCores; a++)
          for (let b = 0; b <= maxCores; b++)
            for (let q = 0; q <= lambda; q++) {
              if (q <= capacity(models[0]!, a) && lambda - q <= capacity(models[1]!, b))
                out.push({ cores: a + b, accuracySum: q * models[0]!.accuracy + (lambda - q) * models[1]!.accuracy });
            }
        return out;
      });
      let best = Infinity;
      for (const x of perSecond[0]!)
        for (const y of perSecond[1]!) {
          if (total === 0 || (x.accuracySum + y.accuracySum) / total >= required - 1e-12) best = Math.min(best, x.cores + y.cores);
        }
      const bound = coreSecondsLowerBound({ arrivals, variants, requiredAccuracy: required }).coreSeconds;
      expect(bound).toBeLessThanOrEqual(best + 1e-9);
      if (best < Infinity) reachable++;
    }
    expect(reachable).toBeGreaterThan(100);
  });
});

describe('maxRpsPerCore', () => {
  it('takes the best ratio over the points and ignores zero cores', () => {
    expect(
      maxRpsPerCore([
        { cores: 0, rps: 0 },
        { cores: 2, rps: 30 },
        { cores: 4, rps: 56 },
        { cores: 5, rps: 60 },
      ]),
    ).toBe(15);
    expect(maxRpsPerCore([])).toBe(0);
  });
});
