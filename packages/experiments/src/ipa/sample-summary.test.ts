import { summarizeSample } from './sample-summary';

describe('summarizeSample', () => {
  it('weighs violations by requests, counts windows over 1 %, and averages the gain where a frontier exists', () => {
    const s = summarizeSample([
      { arrived: 1000, violationPct: 2, gain: 0.5, coresRatio: 1.1 },
      { arrived: 9000, violationPct: 0, gain: NaN, coresRatio: 1.0 },
      { arrived: 10000, violationPct: 1, gain: 0.7, coresRatio: 1.2 },
    ]);
    // (20 + 0 + 100) / 20000 requests
    expect(s.violationPct).toBeCloseTo(0.6, 10);
    expect(s.windowsOverTarget).toBe(1); // exactly 1 % meets the target
    expect(s.worstWindowPct).toBe(2);
    expect(s.meanGain).toBeCloseTo(0.6, 10);
    expect(s.windowsWithFrontier).toBe(2);
    expect(s.meanCoresRatio).toBeCloseTo(1.1, 10);
    expect(s.windows).toBe(3);
  });

  it('says nothing it cannot know on an empty sample', () => {
    const s = summarizeSample([]);
    expect(s.violationPct).toBe(0);
    expect(s.meanGain).toBeNaN();
    expect(s.meanCoresRatio).toBeNaN();
  });
});
