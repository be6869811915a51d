import { summarizeInfAdapterSample } from './sample-summary';

describe('summarizeInfAdapterSample', () => {
  it('pools violations by requests and reads the frontier ratio over the windows that have one', () => {
    const s = summarizeInfAdapterSample([
      { arrived: 1000, violationPct: 3, frontierRatio: 1.2, meanCores: 10, accuracy: 0.7 },
      { arrived: 3000, violationPct: 0, frontierRatio: 1.5, meanCores: 12, accuracy: 0.8 },
      { arrived: 1000, violationPct: 0.5, frontierRatio: NaN, meanCores: 8, accuracy: 0.75 },
      { arrived: 5000, violationPct: 1, frontierRatio: 1.3, meanCores: 14, accuracy: 0.75 },
    ]);
    // (30 + 0 + 5 + 50) / 10,000 requests
    expect(s.violationPct).toBeCloseTo(0.85, 10);
    expect(s.windowsOverTarget).toBe(1);
    expect(s.worstWindowPct).toBe(3);
    expect(s.windowsWithFrontier).toBe(3);
    expect(s.meanFrontierRatio).toBeCloseTo(4 / 3, 10);
    expect(s.medianFrontierRatio).toBeCloseTo(1.3, 10);
    expect(s.windowsWithinRatio).toBe(2); // 1.2 and exactly 1.3
    expect(s.meanCores).toBeCloseTo(11, 10);
    expect(s.meanAccuracy).toBeCloseTo(0.75, 10);
  });

  it('takes the middle two for an even count and says NaN with no frontier at all', () => {
    const run = (frontierRatio: number) => ({ arrived: 1, violationPct: 0, frontierRatio, meanCores: 1, accuracy: 1 });
    expect(summarizeInfAdapterSample([run(1), run(4), run(2), run(3)]).medianFrontierRatio).toBeCloseTo(2.5, 10);
    // A window without a request has no accuracy: the mean is over the others.
    expect(summarizeInfAdapterSample([run(1), { ...run(1), accuracy: NaN }, { ...run(1), accuracy: 0.5 }]).meanAccuracy).toBeCloseTo(0.75, 10);
    const none = summarizeInfAdapterSample([run(NaN)]);
    expect(none.meanFrontierRatio).toBeNaN();
    expect(none.medianFrontierRatio).toBeNaN();
    expect(none.windowsWithinRatio).toBe(0);
  });
});
