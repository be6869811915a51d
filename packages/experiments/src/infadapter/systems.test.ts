import { loadInfAdapterProfiles } from '@infscale/profiles';
import { compareModeFlag } from '../scenario';
import { runSystem } from './run';
import { improvedInfAdapterConfig, infAdapterSystems, paperInfAdapterConfig } from './systems';

const profiles = loadInfAdapterProfiles();
const arrivals = Array<number>(60).fill(50);
const names = (mode: 'paper' | 'improved' | 'both') =>
  infAdapterSystems({ profiles, arrivals, mode })
    .map((s) => s.name)
    .filter((n) => !n.startsWith('vpa-'));

describe('InfAdapter comparison systems by --mode', () => {
  it("paper keeps the reproduction tables' rows; improved replaces them; both shows the paper's beside the improved", () => {
    expect(names('paper')).toEqual(['infadapter', 'ms-plus', 'hpa-resnet50', 'infadapter-oracle']);
    expect(names('improved')).toEqual(['infadapter', 'ms-plus', 'hpa-resnet50', 'infadapter-oracle']);
    expect(names('both')).toEqual(['infadapter', 'infadapter (paper)', 'ms-plus', 'hpa-resnet50', 'infadapter-oracle', 'infadapter-oracle (paper)']);
  });

  it("runs the paper's method on the linear fit × 0.8 and the improved one on the profiled table at 750 ms", () => {
    const paper = paperInfAdapterConfig(profiles);
    const improved = improvedInfAdapterConfig(profiles);
    expect([paper.method, paper.resourcePolicy.minCores, paper.forecast.margin]).toEqual(['paper', 2, 0.1]);
    expect([improved.method, improved.resourcePolicy.minCores, improved.forecast.margin]).toEqual(['improved', 1, 0]);
    // ResNet50 at 8 cores: the fit says int(0.8 · (10.32 · 8 − 3)) = 63, the table at 750 ms 78.
    expect(paper.variants.find((v) => v.name === 'resnet50')!.capacityRps[7]).toBe(63);
    expect(improved.variants.find((v) => v.name === 'resnet50')!.capacityRps[7]).toBe(78);
  });

  it('--mode must be paper, improved or both (default both), naming the flag', () => {
    expect(compareModeFlag(undefined, 'infadapter')).toBe('both');
    expect(() => compareModeFlag('best', 'infadapter')).toThrow(/--mode: must be one of paper, improved, both/);
  });
});

describe('improved config overrides (--improved-config, compare --improved-settings)', () => {
  it('set scaler fields over the improved method only, validated as the app validates them', () => {
    expect(improvedInfAdapterConfig(profiles, 'on', { burstSpare: {} }).burstSpare).toEqual({ holdFor: 1_800_000, minRise: 2 });
    expect(() => improvedInfAdapterConfig(profiles, 'on', { burstSpar: {} })).toThrow(/burstSpar: unknown field/);
  });

  it('with burstSpare, a second flash crowd in the simulator loses fewer requests than the first, and fewer than without it', async () => {
    // 80 req/s with two crowds of 250 for 20 s, two minutes apart (the forecaster: EWMA, no model).
    const crowd = (n: number) => Array<number>(n).fill(250);
    const calm = (n: number) => Array<number>(n).fill(80);
    const load = [...calm(120), ...crowd(20), ...calm(120), ...crowd(20), ...calm(60)];
    const secondCrowd = { from: 260, to: 285 };
    const lost = async (improvedConfig: Record<string, unknown>) => {
      const [system] = infAdapterSystems({ profiles, arrivals: load, only: ['infadapter'], mode: 'improved', start: 'own', improvedConfig });
      const run = await runSystem(system!, {
        profiles,
        config: improvedInfAdapterConfig(profiles),
        arrivals: load,
        seed: 1,
        intervalS: 1,
        sampleLatencies: false,
      });
      const bad = (from: number, to: number) =>
        run.series.filter((r) => r.startS >= from && r.startS < to).reduce((a, r) => a + r.late + r.dropped + r.rejected + r.timedOut, 0);
      return { first: bad(120, 145), second: bad(secondCrowd.from, secondCrowd.to), spare: run.reasons.some((r) => /kept loaded with no traffic/.test(r)) };
    };
    const off = await lost({});
    const on = await lost({ burstSpare: {} });
    expect(off.spare).toBe(false);
    expect(on.spare).toBe(true);
    expect(on.second).toBeLessThan(off.second / 2);
    expect(on.second).toBeLessThan(on.first);
  });
});
