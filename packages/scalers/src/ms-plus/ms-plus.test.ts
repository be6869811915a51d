import { allowedCores, capacityAt, infAdapterObjective, type InfAdapterProblem } from '@infscale/solver';
import type { ClusterState } from '@infscale/core';
import { loadInfAdapterProfiles } from '@infscale/profiles';
import { parseInfAdapterConfig } from '../infadapter/infadapter-config';
import { infAdapterVariantsFromProfiles } from '../infadapter/from-profiles';
import { buildProblem } from '../infadapter/problem';
import { solveMsPlus } from './ms-plus-solve';
import { createMsPlusScaler } from './ms-plus-scaler';

const config = parseInfAdapterConfig({ variants: infAdapterVariantsFromProfiles(loadInfAdapterProfiles()) });
const start: ClusterState = {
  deployments: [{ name: 'resnet152', variant: 'resnet152', stage: 'main', replicas: 1, cores: 20, batch: 1, readyReplicas: 1, actualCores: 20 }],
  routing: [{ stage: 'main', weights: { resnet152: 1 } }],
};

/** Every (variant, cores) pair that carries λ alone, scored with the objective as written. */
function bestSingle(p: InfAdapterProblem): { objective: number; variant: string; cores: number } | undefined {
  let best: { objective: number; variant: string; cores: number } | undefined;
  p.variants.forEach((v, i) => {
    for (const n of allowedCores(v)) {
      if (n === 0 || n > p.budgetCores || (capacityAt(v, n) ?? 0) < p.loadRps) continue;
      const cores = p.variants.map((_, j) => (j === i ? n : 0));
      const loads = p.variants.map((_, j) => (j === i ? p.loadRps : 0));
      const objective = infAdapterObjective(p, cores, loads);
      if (!best || objective > best.objective + 1e-12) best = { objective, variant: v.name, cores: n };
    }
  });
  return best;
}

describe('MS+', () => {
  it.each([1, 20, 45, 60, 90, 120, 150, 200, 231, 274, 300, 360])('λ=%i matches exhaustive enumeration over single variants', (lambda) => {
    const p = buildProblem(config, start, lambda);
    const got = solveMsPlus(p);
    const want = bestSingle(p);
    if (!want) {
      expect(got.status).toBe('infeasible');
      return;
    }
    expect(got.status).toBe('optimal');
    if (got.status !== 'optimal') return;
    expect(got.objective).toBeCloseTo(want.objective, 12);
    expect(got.decision.allocations).toEqual([{ variant: want.variant, cores: want.cores, quotaRps: lambda, capacityRps: expect.any(Number) }]);
  });

  it('uses the fewest cores that carry the load for the chosen variant', () => {
    const p = buildProblem(config, start, 100);
    const got = solveMsPlus(p);
    if (got.status !== 'optimal') throw new Error(got.status);
    const [a] = got.decision.allocations;
    const v = p.variants.find((x) => x.name === a!.variant)!;
    expect(capacityAt(v, a!.cores)!).toBeGreaterThanOrEqual(100);
    expect(capacityAt(v, a!.cores - 1) ?? 0).toBeLessThan(100);
  });

  it('beyond one variant’s reach runs the single largest and says so', () => {
    const scaler = createMsPlusScaler({ variants: config.variants });
    const { decision } = scaler.decide(
      { nowMs: 0, observation: { nowMs: 0, arrivalsPerSecond: [500] }, forecast: { peakRps: 500, horizonSeconds: 60, method: 'test' }, cluster: start },
      scaler.initialState(),
    );
    expect(decision.kind).toBe('apply');
    if (decision.kind !== 'apply') return;
    expect(decision.desired.deployments.map((d) => [d.variant, d.cores])).toEqual([['resnet18', 20]]);
    expect(decision.reason).toMatch(/what one variant can serve within 20 cores/);
    expect(scaler.name).toBe('ms-plus');
  });
});
