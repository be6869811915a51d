import { loadInfAdapterProfiles } from '@infscale/profiles';
import { compareModeFlag } from '../scenario';
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
