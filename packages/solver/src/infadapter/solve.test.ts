import { mulberry32 } from '@infscale/core';
import { milpBackends, CHECKED_BACKENDS, disagreement } from '../test-support/backends';
import type { MilpBackends } from '../lp/backend';
import { solveInfAdapter } from './solve';
import { randomInfAdapterProblem } from './synthetic';
import type { InfAdapterProblem, InfAdapterVariant } from './problem';

let milp: MilpBackends;
beforeAll(async () => {
  milp = await milpBackends();
});

function variant(name: string, accuracy: number, caps: (number | undefined)[], extra: Partial<InfAdapterVariant> = {}): InfAdapterVariant {
  return { name, accuracy, loadTimeS: 1, minCores: 1, maxCores: caps.length - 1, currentCores: 0, capacityRps: caps, ...extra };
}

function problem(variants: InfAdapterVariant[], loadRps: number, extra: Partial<InfAdapterProblem> = {}): InfAdapterProblem {
  return { variants, loadRps, budgetCores: 4, alpha: 0.05, beta: 0, fillOrder: 'greedy', ...extra };
}

describe('InfAdapter: every backend agrees with the oracle', () => {
  it('on 250 random programs (seed 42)', () => {
    const rand = mulberry32(42);
    const problems: string[] = [];
    let optimal = 0;
    let infeasible = 0;
    for (let n = 0; n < 250; n++) {
      const p = randomInfAdapterProblem(rand);
      const oracle = solveInfAdapter(p, { backend: 'enumerate' });
      expect(['optimal', 'infeasible']).toContain(oracle.status);
      if (oracle.status === 'optimal') optimal++;
      else infeasible++;
      for (const backend of CHECKED_BACKENDS) {
        const why = disagreement(oracle, solveInfAdapter(p, { backend, milp }));
        if (why) problems.push(`#${n} ${backend}: ${why}`);
      }
    }
    expect(problems).toEqual([]);
    // The generator must exercise both outcomes, or the comparison proves little.
    expect(optimal).toBeGreaterThan(150);
    expect(infeasible).toBeGreaterThan(10);
  });
});

describe('InfAdapter edge cases', () => {
  const two = [variant('small', 0.7, [undefined, 10, 20, 30, 40]), variant('big', 0.8, [undefined, 4, 8, 12, 16])];

  it('λ = 0 runs nothing (objective 0)', () => {
    const r = solveInfAdapter(problem(two, 0), { backend: 'search' });
    expect(r).toMatchObject({ status: 'optimal', objective: 0, decision: { allocations: [], totalCores: 0 } });
  });

  it('λ above every capacity is infeasible, naming the best the budget can do', () => {
    const r = solveInfAdapter(problem(two, 900), { backend: 'search' });
    expect(r.status).toBe('infeasible');
    expect(r.status === 'infeasible' && r.reason).toBe('load 900 req/s exceeds the most the budget can serve: 40 req/s with small at 4 cores');
  });

  it('one variant: the fewest cores that carry the load', () => {
    const r = solveInfAdapter(problem([two[0]!], 25), { backend: 'search' });
    expect(r.status === 'optimal' && r.decision.allocations).toEqual([{ variant: 'small', cores: 3, quotaRps: 25, capacityRps: 30 }]);
  });

  it('a missing profile row is never chosen', () => {
    const holes = [variant('small', 0.7, [undefined, 10, undefined, 30, 40])];
    const r = solveInfAdapter(problem(holes, 15), { backend: 'search' });
    expect(r.status === 'optimal' && r.decision.allocations[0]!.cores).toBe(3);
  });

  it('sends the load to the most accurate variant first; quotas sum to λ', () => {
    const r = solveInfAdapter(problem(two, 20, { alpha: 0.01 }), { backend: 'search' });
    expect(r.status).toBe('optimal');
    if (r.status !== 'optimal') return;
    expect(r.decision.allocations).toEqual([
      { variant: 'big', cores: 3, quotaRps: 12, capacityRps: 12 },
      { variant: 'small', cores: 1, quotaRps: 8, capacityRps: 10 },
    ]);
  });

  it('ties: equal variants resolve to the same decision on every call (fewest cores, then the smaller core vector)', () => {
    const twins = [variant('a', 0.7, [undefined, 10, 20]), variant('b', 0.7, [undefined, 10, 20])];
    const first = solveInfAdapter(problem(twins, 10), { backend: 'search' });
    expect(first.status === 'optimal' && first.decision.allocations).toEqual([{ variant: 'b', cores: 1, quotaRps: 10, capacityRps: 10 }]);
    expect(solveInfAdapter(problem(twins, 10), { backend: 'enumerate' })).toEqual(first.status === 'optimal' ? { ...first, backend: 'enumerate' } : first);
  });

  it('the paper fill order: search agrees with the oracle on random problems, and is never better than greedy', () => {
    const rand = mulberry32(7);
    for (let n = 0; n < 200; n++) {
      const p = { ...randomInfAdapterProblem(rand, true), fillOrder: 'paper' as const };
      const search = solveInfAdapter(p, { backend: 'search' });
      expect(disagreement(solveInfAdapter(p, { backend: 'enumerate' }), search)).toBeUndefined();
      const greedy = solveInfAdapter({ ...p, fillOrder: 'greedy' }, { backend: 'search' });
      if (search.status === 'optimal') expect(greedy.status === 'optimal' && greedy.objective >= search.objective - 1e-12).toBe(true);
    }
  });

  it('invalid input is a value, not a throw', () => {
    expect(solveInfAdapter(problem(two, -1)).status).toBe('invalid');
    expect(solveInfAdapter(problem(two, 2.5)).status).toBe('invalid');
  });

  it('a MILP backend that is not loaded is a failure, not a fallback', () => {
    expect(solveInfAdapter(problem(two, 5), { backend: 'glpk' })).toMatchObject({ status: 'failed', backend: 'glpk' });
  });
});
