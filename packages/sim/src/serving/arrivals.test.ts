import { Rng } from '../engine/random';
import { ArrivalStream } from './arrivals';

describe('ArrivalStream', () => {
  it("keeps every second's count exactly, in order, inside that second", () => {
    const counts = [3, 0, 5, 1, 0, 0, 200];
    const stream = new ArrivalStream(counts, new Rng(5));
    const seen = new Array(counts.length).fill(0);
    let last = -1;
    for (let t = stream.peek(); t !== Infinity; t = stream.peek()) {
      expect(stream.take()).toBe(t);
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
      seen[Math.floor(t / 1000)]++;
    }
    expect(seen).toEqual(counts);
  });

  it('spreads arrivals like a Poisson process: gaps have coefficient of variation ≈ 1', () => {
    const stream = new ArrivalStream(new Array(200).fill(500), new Rng(11));
    const gaps: number[] = [];
    let prev = stream.take();
    while (stream.peek() !== Infinity) {
      const t = stream.take();
      gaps.push(t - prev);
      prev = t;
    }
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(mean).toBeCloseTo(2, 1);
    expect(sd / mean).toBeGreaterThan(0.95);
    expect(sd / mean).toBeLessThan(1.05);
  });
});
