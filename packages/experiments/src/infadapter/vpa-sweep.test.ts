import type { ComparisonRow } from '../scenario';
import { onCurve, sweepName, vpaSweepPoints, VPA_SWEEP } from './vpa-sweep';

const row = (system: string, sloViolationPct: number, coreSeconds: number): ComparisonRow => ({
  system,
  sloViolationPct,
  p99LatencyMs: 0,
  meanCores: 0,
  coreSeconds,
  accuracy: 0.7,
  objective: 0,
});

describe('the VPA sweep', () => {
  it("runs every knob combination once per variant, leaving out the paper's own (its OffApplied row) and repeats of minAllowed = maxAllowed", () => {
    const points = vpaSweepPoints(['resnet18']);
    const perMin = VPA_SWEEP.safetyMargins.length * VPA_SWEEP.targetPercentiles.length;
    expect(points).toHaveLength(3 * perMin - 1 + 1);
    const names = points.map((p) => sweepName(p));
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain('vpa-resnet18-OffApplied-m0.15-p0.9-min2');
    expect(names).toContain('vpa-resnet18-OffApplied-m2-p0.99-min12');
    expect(names).toContain('vpa-resnet18-OffApplied-min20');
  });

  it('keeps the runs on the violations-vs-core-seconds curve, one of each tie', () => {
    const rows = [row('a', 50, 100), row('b', 10, 200), row('c', 10, 200), row('d', 20, 250), row('e', 0, 300), row('f', 60, 90)];
    expect([...onCurve(rows)].sort()).toEqual(['a', 'b', 'e', 'f']);
  });
});
