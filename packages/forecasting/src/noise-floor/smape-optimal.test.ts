import { mulberry32 } from '@infscale/core';
import { expectedSmape, smapeOptimalForecast } from './smape-optimal';

describe('smapeOptimalForecast', () => {
  it('picks the integer of least expected SMAPE', () => {
    // A = 1 (0.6) or 3 (0.4). F = 1: 0.4 · 2·2/4 = 0.4; F = 2: 0.6 · 2/3 + 0.4 · 2/5 = 0.56; F = 3: 0.6 · 2·2/4 = 0.6.
    expect(smapeOptimalForecast([0, 0.6, 0, 0.4])).toEqual({ forecast: 1, expectedSmape: expect.closeTo(0.4, 12) });
    expect(smapeOptimalForecast([0, 0, 0, 1]).forecast).toBe(3);
  });

  it('no forecast between the integers does better (a dense grid over random distributions)', () => {
    const random = mulberry32(3);
    for (let trial = 0; trial < 200; trial++) {
      const pmf = Array.from({ length: 12 }, (_, m) => (m > 0 && random() < 0.6 ? random() : 0));
      const total = pmf.reduce((a, b) => a + b, 0) || 1;
      const normalised = pmf.map((p) => p / total);
      const best = smapeOptimalForecast(normalised);
      let gridBest = Infinity;
      for (let f = 0; f <= 12; f += 0.01) gridBest = Math.min(gridBest, expectedSmape(normalised, f));
      expect(gridBest).toBeGreaterThanOrEqual(best.expectedSmape - 1e-12);
    }
  });
});
