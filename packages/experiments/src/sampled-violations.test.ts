import { pooledViolations } from './sampled-violations';

describe('pooledViolations', () => {
  it('weighs each window by its requests, counts windows over 1 % (not at it) and keeps the worst', () => {
    const p = pooledViolations([
      { arrived: 100, violationPct: 4 },
      { arrived: 900, violationPct: 1 },
      { arrived: 0, violationPct: 0 },
    ]);
    expect(p.violationPct).toBeCloseTo(1.3, 10); // (4 + 9) / 1000
    expect(p.windowsOverTarget).toBe(1);
    expect(p.worstWindowPct).toBe(4);
    expect(p.windows).toBe(3);
  });

  it('is 0 % on no requests', () => {
    expect(pooledViolations([]).violationPct).toBe(0);
  });
});
