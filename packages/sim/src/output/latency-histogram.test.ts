import { LatencyHistogram } from './latency-histogram';

describe('LatencyHistogram', () => {
  it('reports quantiles within its 1.2 % resolution', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 10_000; i++) h.record(i / 10); // 0.1 .. 1000 ms uniformly
    for (const [q, exact] of [
      [0.5, 500],
      [0.95, 950],
      [0.99, 990],
    ] as const) {
      expect(Math.abs(h.quantile(q) - exact) / exact).toBeLessThan(0.012);
    }
    expect(h.count).toBe(10_000);
    expect(h.meanMs).toBeCloseTo(500.05, 6);
    expect(h.maxMs).toBe(1000);
  });

  it('never reports above the largest sample and is NaN when empty', () => {
    const h = new LatencyHistogram();
    expect(h.quantile(0.5)).toBeNaN();
    h.record(7);
    expect(h.quantile(0.99)).toBeLessThanOrEqual(7);
    expect(h.quantile(0.99)).toBeGreaterThan(7 * 0.98);
  });
});
