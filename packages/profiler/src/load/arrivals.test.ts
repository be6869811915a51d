import { mulberry32 } from '@infscale/core';
import { arrivalTimesMs } from './arrivals';

describe('arrivalTimesMs', () => {
  const counts = [3, 0, 10, 1, 250];

  it('gives each second exactly its count, inside that second, in order', () => {
    const times = arrivalTimesMs(counts, 42);
    const perSecond = counts.map((_, s) => times.filter((t) => t >= s * 1000 && t < (s + 1) * 1000).length);
    expect(perSecond).toEqual(counts);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('is reproducible from its seed and differs between seeds', () => {
    expect(arrivalTimesMs(counts, 7)).toEqual(arrivalTimesMs(counts, 7));
    expect(arrivalTimesMs(counts, 7)).not.toEqual(arrivalTimesMs(counts, 8));
  });

  it('gaps look exponential: coefficient of variation near 1 at a steady rate', () => {
    const times = arrivalTimesMs(new Array(50).fill(200), 3);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(mean).toBeCloseTo(5, 0);
    expect(sd / mean).toBeGreaterThan(0.9);
    expect(sd / mean).toBeLessThan(1.1);
  });

  it('rounds fractional counts and ignores negative ones', () => {
    expect(arrivalTimesMs([1.6, -3], 1)).toHaveLength(2);
  });

  it('mulberry32 stays in [0, 1)', () => {
    const r = mulberry32(0);
    for (let i = 0; i < 1000; i++) {
      const v = r();
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
  });
});
