import type { BoundPipeline } from '@infscale/solver';
import type { ComparisonRow } from '../scenario';
import { gainCaptured, ipaTargetLines } from './targets';

const row = (system: string, pasPct: number, meanCores: number, sloViolationPct = 0, extra?: ComparisonRow['extra']): ComparisonRow => ({
  system,
  sloViolationPct,
  p99LatencyMs: 0,
  meanCores,
  coreSeconds: 0,
  accuracy: pasPct,
  objective: 0,
  ...(extra ? { extra } : {}),
});

// One stage: `low` (PAS 0.4) needs 0.1 core-s a request, `high` (PAS 0.6) 0.2 at batch 1, 0.1 at batch 8.
const variant = (name: string, accuracy: number, throughputs: number[]) => ({
  name,
  accuracy,
  baseCores: 1,
  points: throughputs.map((throughputRps) => ({ throughputRps })),
});
const capped: BoundPipeline = { stages: [{ name: 's', variants: [variant('low', 0.4, [10]), variant('high', 0.6, [5])] }] };
const uncapped: BoundPipeline = { stages: [{ name: 's', variants: [variant('low', 0.4, [10]), variant('high', 0.6, [5, 10])] }] };
// 10 req/s: low needs 1 mean core, high 2 (1 with batch 8).
const arrivals = Array<number>(60).fill(10);

describe('ipaTargetLines', () => {
  it("measures the gain captured against the whole-replica frontier at 1.10 × FA2-low's cores", () => {
    // Whole replicas: low 1, high 2 per interval; the 0.1 spare mean cores upgrade 0.6 of one of the
    // six intervals (+100·0.2/600 each) and the 6 free requests come off low: 0.4 + 0.02 + 0.002.
    const lines = ipaTargetLines({ rows: [row('IPA', 41.1, 1.05, 0.5), row('FA2-low', 40, 1)], arrivals, pipeline: capped, uncapped });
    expect(lines[0]).toBe('SLA violations: IPA 0.500 % (target ≤ 1 %): met');
    expect(lines[1]).toBe('mean cores: IPA 1.050 vs FA2-low 1.000 → ratio 1.050 (the gain target holds at ≤ 1.10)');
    expect(lines[2]).toMatch(/^frontier: whole replicas .* within 1\.100 mean cores .*: PAS ≤ 42\.200 % → 1\.055 × FA2-low$/);
    // The frontier is only 5.5 % over FA2-low: the gain target applies (≥ 5 %), and 1.1 / 2.2 = 0.5 of it is captured.
    expect(lines[3]).toBe(
      "gain captured: (IPA 41.100 − FA2-low 40.000) / (frontier 42.200 − FA2-low) = 0.500 at 1.050 × FA2-low's cores (target ≥ 0.8 at ≤ 1.10 ×): MISSED",
    );
    expect(lines[4]).toMatch(/fractional replicas PAS ≤ 42\.400 %.*any profiled batch PAS ≤ 60\.000 %/);
    // A flat load: its busiest second is its mean, so keeping up with it costs nothing more.
    expect(lines[5]).toBe(
      "keeping up with each interval's busiest second (the frontier's model otherwise): PAS ≤ 42.200 %, so a system that does can capture at most 1.000 of the frontier's gain",
    );
    expect(lines[6]).toMatch(/^ratio to the frontier .*IPA 0\.974 \(/);
  });

  it('does not apply the gain target where the frontier is within 5 % of FA2-low', () => {
    const near = Array<number>(60)
      .fill(10)
      .map((x, i) => (i < 30 ? x : 9));
    const lines = ipaTargetLines({ rows: [row('IPA', 40, 1), row('FA2-low', 40, 0.95)], arrivals: near, pipeline: capped, uncapped: capped });
    expect(lines[3]).toMatch(/not applicable$/);
  });

  it("puts paper-mode rows against the paper's columns: cores within 10 %, PAS within 2 %", () => {
    const rows = [
      row('IPA', 41, 1),
      row('FA2-low', 40, 1),
      row('IPA (paper)', 34.5, 2.9, 0, { 'paper cores': 2.72, 'paper PAS': 34 }),
      row('FA2-low (paper)', 31.88, 2.73, 0, { 'paper cores': 2.73, 'paper PAS': 31.88 }),
    ];
    const lines = ipaTargetLines({ rows, arrivals, pipeline: capped, uncapped: capped });
    expect(lines).toContain('  IPA (paper): cores 2.900 vs 2.720 (+6.618 %), PAS 34.500 vs 34.000 (+1.471 %): met');
    expect(lines).toContain('  FA2-low (paper): cores 2.730 vs 2.730 (+0.000 %), PAS 31.880 vs 31.880 (+0.000 %): met');
  });

  it("gainCaptured is the share of the frontier's gain over FA2-low", () => {
    expect(gainCaptured(36, 32, 37)).toBeCloseTo(0.8, 12);
  });
});
