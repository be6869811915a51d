import { silentProgress } from '../scenario';
import { spongeComparison } from './comparison';
import { poissonArrivals, spongeWorkloads } from './workloads';

describe('compare --scenario sponge (2-minute workload)', () => {
  it('runs every system on the same arrivals and Sponge beats the horizontal baseline on violations', async () => {
    const [result] = await spongeComparison({ durationS: 120 }).run({ workload: 'constant-20', seed: 3 }, silentProgress);
    if (!result) throw new Error('no result');
    expect(result.scenario).toBe('sponge');
    expect(result.window).toBe('constant-20');
    expect(result.rows.map((r) => r.system)).toEqual([
      'sponge',
      'sponge + oracle',
      'horizontal (HPA, 1 core/pod)',
      'vpa InPlaceOrRecreate',
      'vpa Recreate',
      'static 16 cores',
    ]);
    for (const row of result.rows) {
      expect(Object.keys(row).sort()).toEqual([
        'accuracy',
        'coreSeconds',
        'dropped',
        'extra',
        'late',
        'meanCores',
        'objective',
        'p99LatencyMs',
        'rejected',
        'sloViolationPct',
        'system',
        'timedOut',
      ]);
      expect(row.accuracy).toBeCloseTo(0.69758, 5);
      expect(row.coreSeconds).toBeCloseTo(row.meanCores * 120, 0);
      expect(row.extra).toHaveProperty('resizes');
    }
    const by = (name: string) => result.rows.find((r) => r.system === name)!;
    expect(by('static 16 cores').coreSeconds).toBeCloseTo(16 * 120, 0);
    expect(by('sponge').sloViolationPct).toBeLessThan(by('horizontal (HPA, 1 core/pod)').sloViolationPct);
    expect(by('sponge').coreSeconds).toBeLessThan(by('static 16 cores').coreSeconds / 2);
    expect(Number(by('sponge').extra?.resizes)).toBeGreaterThan(0);
    expect(result.sections.map((s) => s.title)).toEqual(['Cores over time', 'Remaining budget vs latency', 'Violations over time', 'Setup']);
    expect(result.sections[1]?.chart?.series.map((s) => s.name)).toContain('budget (deadline)');
  });

  it('draws constant workloads as Poisson arrivals of the asked rate, the same for a seed', () => {
    const a = poissonArrivals(20, 600, 5);
    expect(a.reduce((s, n) => s + n, 0) / 600).toBeGreaterThan(19);
    expect(a.reduce((s, n) => s + n, 0) / 600).toBeLessThan(21);
    expect(poissonArrivals(20, 600, 5)).toEqual(a);
    expect(spongeWorkloads('all', 1, 30).map((w) => [w.name, w.arrivals.length])).toEqual([
      ['constant-10', 30],
      ['constant-20', 30],
      ['twitter', 30],
    ]);
    expect(spongeWorkloads('twitter,constant-10', 1, 30).map((w) => w.name)).toEqual(['twitter', 'constant-10']);
    expect(() => spongeWorkloads('burst', 1)).toThrow(
      /--workload: "burst" not known: must be one of constant-10, constant-20, twitter, a comma-separated list of them, or all/,
    );
    expect(() => spongeWorkloads('twitter,burst', 1)).toThrow(/"burst" not known.*\(got "twitter,burst"\)/);
  });
});
