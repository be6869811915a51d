import { mulberry32, randomInt } from './random';

describe('mulberry32', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, mulberry32(43))).not.toEqual(seqA);
  });

  it('is uniform enough in [0, 1): mean near 1/2, every decile hit', () => {
    const r = mulberry32(7);
    const deciles = new Array(10).fill(0);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = r();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
      deciles[Math.floor(x * 10)]++;
    }
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
    for (const d of deciles) expect(d).toBeGreaterThan(9_500);
  });

  it('draws integers within the bounds, both ends included', () => {
    const r = mulberry32(1);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(randomInt(r, 2, 5));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });
});
