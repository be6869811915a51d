import type { IntervalPlan } from '@infscale/solver';
import { phaseSpend } from './frontier-phases';

const interval = (startS: number, requests: number, cores: number, pas: number): IntervalPlan => ({
  startS,
  lengthS: 10,
  requests,
  choices: [],
  cores,
  pas,
});

describe('phaseSpend: where the frontier and each system spend their cores', () => {
  // Two calm intervals (5 and 3 req/s) and one loaded (30 req/s).
  const plan = [interval(0, 50, 4, 0.5), interval(10, 30, 2, 0.4), interval(20, 300, 10, 0.6)];
  const series = [
    { startS: 0, meanCores: 6, accuracy: 0.45 },
    { startS: 10, meanCores: 4, accuracy: 0.45 },
    { startS: 20, meanCores: 9, accuracy: 0.5 },
  ];

  it('splits at the rate and weighs PAS by requests, cores by interval (hand-computed)', () => {
    const rows = phaseSpend(plan, [{ name: 'IPA', series }], 12);
    expect(rows.map((r) => [r.phase, r.intervals, r.requests])).toEqual([
      ['calm', 2, 80],
      ['loaded', 1, 300],
    ]);
    const calm = rows[0]!.spend;
    expect(calm.map((s) => s.system)).toEqual(['IPA', 'frontier']);
    expect(calm[0]!.meanCores).toBeCloseTo(5, 12);
    expect(calm[0]!.pasPct).toBeCloseTo(45, 12);
    expect(calm[1]!.meanCores).toBeCloseTo(3, 12);
    // (50·0.5 + 30·0.4) / 80 = 0.4625
    expect(calm[1]!.pasPct).toBeCloseTo(46.25, 12);
    expect(rows[1]!.spend.map((s) => [s.meanCores, s.pasPct])).toEqual([
      [9, 50],
      [10, 60],
    ]);
  });

  it('leaves out an empty phase, and counts an interval a system has no row for as nothing spent', () => {
    const rows = phaseSpend(plan, [{ name: 'short', series: series.slice(0, 1) }], 100);
    expect(rows.map((r) => r.phase)).toEqual(['calm']);
    // Intervals 10 and 20 are missing from the system's series: 0 cores, PAS 0 there.
    expect(rows[0]!.spend[0]!.meanCores).toBeCloseTo(2, 12);
    expect(rows[0]!.spend[0]!.pasPct).toBeCloseTo((100 * 50 * 0.45) / 380, 12);
  });
});
