import { mulberry32 } from '@infscale/core';
import { cheapestMix, type ServingOption } from './cheapest-mix';

const meanOf = (options: readonly ServingOption[], shares: readonly number[], key: keyof ServingOption): number =>
  shares.reduce((a, x, i) => a + x * options[i]![key], 0);

describe('cheapestMix', () => {
  const cheap = { accuracy: 0.7, costPerRequest: 1 };
  const dear = { accuracy: 0.8, costPerRequest: 3 };

  it('mixes the two options around the required accuracy (hand-computed)', () => {
    const m = cheapestMix([cheap, dear], 0.75)!;
    expect(m.costPerRequest).toBeCloseTo(2, 12);
    expect(m.shares[0]).toBeCloseTo(0.5, 12);
    expect(m.shares[1]).toBeCloseTo(0.5, 12);
    expect(cheapestMix([cheap, dear], 0.7)!.costPerRequest).toBe(1);
    expect(cheapestMix([cheap, dear], 0.6)!.costPerRequest).toBe(1);
    expect(cheapestMix([cheap, dear], 0.81)).toBeUndefined();
  });

  it('skips an option above the hull and uses one below it', () => {
    expect(cheapestMix([cheap, { accuracy: 0.75, costPerRequest: 2.5 }, dear], 0.75)!.costPerRequest).toBeCloseTo(2, 12);
    // (0.75, 1.5) lies below the chord: at 0.78 mix it with `dear`: 0.4·1.5 + 0.6·3.
    expect(cheapestMix([cheap, { accuracy: 0.75, costPerRequest: 1.5 }, dear], 0.78)!.costPerRequest).toBeCloseTo(2.4, 12);
  });

  it('is never beaten by a mix on a 1/60 grid, and is within the grid step of the best one (300 random cases)', () => {
    const rand = mulberry32(61);
    const step = 60;
    for (let n = 0; n < 300; n++) {
      const options = Array.from({ length: 3 }, () => ({ accuracy: 0.6 + 0.2 * rand(), costPerRequest: 0.01 + rand() }));
      const required = 0.6 + 0.2 * rand();
      let grid = Infinity;
      for (let a = 0; a <= step; a++) {
        for (let b = 0; a + b <= step; b++) {
          const shares = [a / step, b / step, (step - a - b) / step];
          if (meanOf(options, shares, 'accuracy') >= required) grid = Math.min(grid, meanOf(options, shares, 'costPerRequest'));
        }
      }
      const exact = cheapestMix(options, required);
      if (grid === Infinity) {
        // Only the pure best option could reach it, and it does not.
        expect(exact).toBeUndefined();
        continue;
      }
      expect(exact).toBeDefined();
      expect(exact!.costPerRequest).toBeLessThanOrEqual(grid + 1e-12);
      // Moving one grid step of share changes the cost by at most max cost / step.
      expect(grid - exact!.costPerRequest).toBeLessThanOrEqual((Math.max(...options.map((o) => o.costPerRequest)) / step) * 2 + 1e-12);
      expect(exact!.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(meanOf(options, exact!.shares, 'accuracy')).toBeGreaterThanOrEqual(required - 1e-12);
      expect(meanOf(options, exact!.shares, 'costPerRequest')).toBeCloseTo(exact!.costPerRequest, 12);
    }
  });
});
