import { PROMETHEUS_MAX_POINTS, rangeChunks } from './range-chunks';

describe('rangeChunks', () => {
  it('covers every grid point exactly once, each chunk within the limit', () => {
    for (const [from, to, step, max] of [
      [0, 86_400, 1, PROMETHEUS_MAX_POINTS],
      [100, 1_000, 15, 7],
      [5, 5, 1, 3],
      [0, 10, 3, 2],
    ] as const) {
      const chunks = rangeChunks(from, to, step, max);
      const points = chunks.flatMap((c) => Array.from({ length: c.points }, (_, k) => c.startS + k * step));
      const expected = Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, k) => from + k * step);
      expect(points).toEqual(expected);
      for (const c of chunks) {
        expect(c.points).toBeLessThanOrEqual(max);
        expect(c.endS).toBe(c.startS + (c.points - 1) * step);
      }
    }
  });

  it('needs 8 queries for a day at 1 s under the 11,000-point limit', () => {
    expect(rangeChunks(0, 86_399, 1)).toHaveLength(Math.ceil(86_400 / 11_000));
  });

  it('refuses a zero step, an inverted range and a bad limit', () => {
    expect(() => rangeChunks(0, 10, 0)).toThrow(/step/);
    expect(() => rangeChunks(10, 0, 1)).toThrow(/before it starts/);
    expect(() => rangeChunks(0, 10, 1, 0)).toThrow(/maxPoints/);
  });
});
