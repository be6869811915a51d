import { loadInfAdapterProfiles } from '@infscale/profiles';
import { infAdapterProblemFromProfiles } from './from-profiles';
import { solveInfAdapter } from './solve';
import type { InfAdapterProblem } from './problem';

const profiles = loadInfAdapterProfiles();

function build(settings: Parameters<typeof infAdapterProblemFromProfiles>[1]): InfAdapterProblem {
  const built = infAdapterProblemFromProfiles(profiles, settings);
  if ('error' in built) throw new Error(built.error);
  return built.problem;
}

describe('InfAdapter on the bundled paper profiles', () => {
  it('uses the paper fit: int(0.8·(slope·n + capped intercept)), 0 or 2..20 cores', () => {
    const p = build({ loadRps: 120 });
    const r18 = p.variants.find((v) => v.name === 'resnet18')!;
    expect(r18.capacityRps[20]).toBe(Math.trunc(0.8 * (24.446237 * 20 - 6)));
    expect(r18.minCores).toBe(2);
    expect(p.variants.find((v) => v.name === 'resnet152')!.currentCores).toBe(20);
  });

  it('λ = 900 with the profiled table: infeasible, naming what 20 cores can serve at most', () => {
    const r = solveInfAdapter(build({ loadRps: 900, capacity: 'table' }));
    expect(r).toMatchObject({ status: 'infeasible', reason: 'load 900 req/s exceeds the most the budget can serve: 473 req/s with resnet18 at 20 cores' });
  });

  it('λ = 120 (paper defaults): a load-weighted accuracy between ResNet18 and ResNet152 within 20 cores', () => {
    const r = solveInfAdapter(build({ loadRps: 120 }), { backend: 'search' });
    expect(r.status).toBe('optimal');
    if (r.status !== 'optimal') return;
    expect(r.decision.totalCores).toBeLessThanOrEqual(20);
    expect(r.decision.allocations.reduce((s, a) => s + a.quotaRps, 0)).toBe(120);
    for (const a of r.decision.allocations) expect(a.quotaRps).toBeLessThanOrEqual(a.capacityRps);
    expect(r.decision.accuracy).toBeGreaterThan(0.69758);
  });

  it('the fit exists only at 750 ms', () => {
    expect(infAdapterProblemFromProfiles(profiles, { loadRps: 10, sloMs: 1000 })).toHaveProperty('error');
    expect(infAdapterProblemFromProfiles(profiles, { loadRps: 10, sloMs: 1000, capacity: 'table' })).toHaveProperty('problem');
  });
});
