import type { Scaler } from '@infscale/core';
import { loadInfAdapterProfiles } from '@infscale/profiles';
import { infAdapterVariantsFromProfiles, scalerRegistry } from '@infscale/scalers';
import { ownStart } from './own-start';
import { runSystem } from './run';
import { improvedInfAdapterConfig, infAdapterSystems, paperInfAdapterConfig } from './systems';

const profiles = loadInfAdapterProfiles();
const table = infAdapterVariantsFromProfiles(profiles, { capacity: 'table', sloMs: profiles.settings.sloMs });
/** Profiled capacity at the SLO of a start (req/s). */
const capacityOf = (start: { variant: string; cores: number; replicas: number }[]): number =>
  start.reduce((a, s) => a + s.replicas * table.find((v) => v.name === s.variant)!.capacityRps[s.cores - 1]!, 0);
const high = Array<number>(120).fill(240);

describe('ownStart', () => {
  it.each([
    ['improved', improvedInfAdapterConfig(profiles)],
    ['paper', paperInfAdapterConfig(profiles)],
  ])("%s: starts where the scaler's own decision for the first minute's peak puts it, within the budget", (_, config) => {
    const start = ownStart(scalerRegistry.get('infadapter').create(config), high)!;
    expect(start.length).toBeGreaterThan(0);
    expect(start.reduce((a, s) => a + s.cores * s.replicas, 0)).toBeLessThanOrEqual(profiles.settings.maxCores);
    // The paper's start, ResNet152 at 20 cores, carries 67 req/s; this one the first minute's 240.
    expect(capacityOf(start)).toBeGreaterThanOrEqual(240);
    expect(start.every((s) => (s.weight ?? 0) > 0)).toBe(true);
  });

  it('plans for the peak of the first minute, not its mean or what comes later', () => {
    const config = improvedInfAdapterConfig(profiles);
    const spikeLate = [...Array<number>(60).fill(30), ...Array<number>(60).fill(300)];
    const peakEarly = [...Array<number>(59).fill(30), 150, ...Array<number>(60).fill(30)];
    const scaler = scalerRegistry.get('infadapter').create(config);
    expect(capacityOf(ownStart(scaler, spikeLate)!)).toBeLessThan(150);
    expect(capacityOf(ownStart(scaler, peakEarly)!)).toBeGreaterThanOrEqual(150);
  });

  it('is undefined when the scaler holds, or there is no load to plan for', () => {
    const holds: Scaler<unknown> = {
      name: 'holds',
      intervalMs: 30_000,
      initialState: () => ({}),
      observationRequest: (nowMs) => ({ nowMs, historySeconds: 60, deployments: [] }),
      decide: (_, state) => ({ decision: { kind: 'hold', reason: 'always' }, state }),
    };
    expect(ownStart(holds, high)).toBeUndefined();
    expect(ownStart(scalerRegistry.get('infadapter').create(improvedInfAdapterConfig(profiles)), [])).toBeUndefined();
  });
});

describe("infAdapterSystems' start", () => {
  it("own: InfAdapter starts on its own decision, the baselines as the paper's runs; paper (default): all as the paper's", () => {
    const own = infAdapterSystems({ profiles, arrivals: high, mode: 'both', start: 'own' });
    const paper = infAdapterSystems({ profiles, arrivals: high, mode: 'both' });
    const startOf = (systems: typeof own, name: string) => systems.find((s) => s.name === name)!.start;
    expect(startOf(paper, 'infadapter')).toEqual([{ variant: 'resnet152', cores: 20, replicas: 1 }]);
    expect(capacityOf(startOf(own, 'infadapter'))).toBeGreaterThanOrEqual(240);
    expect(capacityOf(startOf(own, 'infadapter (paper)'))).toBeGreaterThanOrEqual(240);
    expect(startOf(own, 'vpa-resnet18-InPlaceOrRecreate')).toEqual(startOf(paper, 'vpa-resnet18-InPlaceOrRecreate'));
  });

  it('a window that begins at 240 req/s: the paper start fails most of its first half minute, its own start hardly any', async () => {
    const violations = async (start: 'paper' | 'own'): Promise<number> => {
      const [system] = infAdapterSystems({ profiles, arrivals: high, only: ['infadapter'], mode: 'improved', start });
      const run = await runSystem(system!, {
        profiles,
        config: improvedInfAdapterConfig(profiles),
        arrivals: high,
        seed: 1,
        intervalS: 30,
        sampleLatencies: false,
      });
      return run.series[0]!.violationRate;
    };
    expect(await violations('paper')).toBeGreaterThan(0.3);
    expect(await violations('own')).toBeLessThan(0.01);
  });
});
