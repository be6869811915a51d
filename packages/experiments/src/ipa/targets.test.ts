import type { BoundPipeline } from '@infscale/solver';
import type { ComparisonRow } from '../scenario';
import { ipaTargetLines } from './targets';

const row = (system: string, pasPct: number, meanCores: number, sloViolationPct = 0): ComparisonRow => ({ system, sloViolationPct, p99LatencyMs: 0, meanCores, coreSeconds: 0, accuracy: pasPct, objective: 0 });

// One stage: `low` (PAS 0.4) needs 0.1 core-s a request, `high` (PAS 0.6) 0.2 at batch 1, 0.1 at batch 8.
const variant = (name: string, accuracy: number, throughputs: number[]) => ({ name, accuracy, baseCores: 1, points: throughputs.map((throughputRps) => ({ throughputRps })) });
const capped: BoundPipeline = { stages: [{ name: 's', variants: [variant('low', 0.4, [10]), variant('high', 0.6, [5])] }] };
const uncapped: BoundPipeline = { stages: [{ name: 's', variants: [variant('low', 0.4, [10]), variant('high', 0.6, [5, 10])] }] };
// 10 req/s: low needs 1 mean core, high 2 (1 with batch 8).
const arrivals = Array<number>(60).fill(10);

describe('ipaTargetLines', () => {
  it('states the three targets from the rows', () => {
    const lines = ipaTargetLines({ rows: [row('IPA', 50, 1.05, 0.5), row('FA2-low', 40, 1)], arrivals, pipeline: capped, uncapped: capped });
    expect(lines[0]).toBe('PAS: IPA 50.000 % vs FA2-low 40.000 % → ratio 1.250 (target ≥ 1.25): met');
    expect(lines[1]).toBe('mean cores: IPA 1.050 vs FA2-low 1.000 → ratio 1.050 (target ≤ 1.10): met');
    expect(lines[2]).toBe('SLA violations: IPA 0.500 % (target ≤ 1 %): met');
  });

  it('calls the targets infeasible when the bound at 1.10 × FA2-low\'s cores is below 1.25 × its PAS', () => {
    // 1 % go free at 0.6; the other 9.9 req/s take 0.99 cores on low, and the 0.11 left moves
    // 0.11 / 0.99 of them to high: PAS ≤ 0.006 + 0.99·(0.4 + 0.2·0.11/0.99) = 0.424 → 1.06 × FA2-low.
    const lines = ipaTargetLines({ rows: [row('IPA', 41, 1.1), row('FA2-low', 40, 1)], arrivals, pipeline: capped, uncapped: capped });
    expect(lines[3]).toMatch(/PAS ≤ 42\.400 % → 1\.060 × FA2-low \(batches within the cap, as run\)/);
    // Whole replicas: low 1, high 2 per interval; the 0.1 spare mean cores upgrade 0.6 of one of the
    // six intervals (+100·0.2/600 each) and the 6 free requests come off low: 0.4 + 0.02 + 0.002.
    expect(lines[4]).toMatch(/^whole replicas per 10 s interval .*: PAS ≤ 42\.200 % → 1\.055 × FA2-low \(batches within the cap, as run\)/);
    expect(lines[5]).toBe('PAS and cost targets jointly infeasible for any scaler (fractional bound): bound ratio 1.060 < 1.25');
  });

  it('rests the verdict on the whole-replica bound when only it rules the targets out', () => {
    // 6 req/s: fractional replicas buy 0.506 / 0.594 of the load on high; whole ones 0.1 of the intervals.
    const six = Array<number>(60).fill(6);
    const lines = ipaTargetLines({ rows: [row('IPA', 41, 1.1), row('FA2-low', 40, 1)], arrivals: six, pipeline: capped, uncapped: capped });
    expect(lines[3]).toMatch(/PAS ≤ 57\.\d+ % → 1\.4\d+ × FA2-low \(batches/);
    expect(lines[4]).toMatch(/PAS ≤ 42\.200 % → 1\.055 × FA2-low \(batches/);
    expect(lines[5]).toBe('PAS and cost targets jointly infeasible for any scaler that sets whole replicas once per interval (whole-replica bound): bound ratio 1.055 < 1.25');
  });

  it('says when only the batch cap rules the targets out, and when they are feasible', () => {
    const capOnly = ipaTargetLines({ rows: [row('IPA', 41, 1.1), row('FA2-low', 40, 1)], arrivals, pipeline: capped, uncapped });
    // Without the cap `high` costs what `low` does: PAS 0.6 → 1.5 × FA2-low.
    expect(capOnly[5]).toBe('PAS and cost targets jointly infeasible for any scaler (fractional bound): bound ratio 1.060 < 1.25 (only the batch cap rules it out: 1.500 with any profiled batch)');
    const roomy = ipaTargetLines({ rows: [row('IPA', 41, 2), row('FA2-low', 40, 2)], arrivals, pipeline: capped, uncapped: capped });
    expect(roomy[5]).toBe('PAS and cost targets feasible in principle: whole-replica bound ratio 1.500 ≥ 1.25 (fractional 1.500)');
  });

  it('says when no configuration keeps up within the budget', () => {
    const lines = ipaTargetLines({ rows: [row('IPA', 41, 0.5), row('FA2-low', 40, 0.5)], arrivals, pipeline: capped, uncapped: capped });
    expect(lines[3]).toMatch(/none keeps up \(batches within the cap/);
    expect(lines[4]).toMatch(/none keeps up \(batches within the cap/);
    expect(lines[5]).toBe('PAS and cost targets jointly infeasible for any scaler (fractional bound): no configuration keeps up within 0.550 mean cores');
  });
});
