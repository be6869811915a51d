import { loadLatencyFits } from '@infscale/profiles';
import { mulberry32 } from '@infscale/core';
import { milpBackends, CHECKED_BACKENDS, disagreement } from '../test-support/backends';
import type { MilpBackends } from '../lp/backend';
import { solveSponge } from './solve';
import { randomSpongeProblem } from './synthetic';
import type { SpongeProblem } from './problem';

let milp: MilpBackends;
beforeAll(async () => {
  milp = await milpBackends();
});

const notebookFit = loadLatencyFits()[0]!;

function pod(extra: Partial<SpongeProblem> = {}): SpongeProblem {
  return { model: notebookFit, queueBudgetsMs: [], loadRps: 100, intervalS: 1, arrivalBudgetMs: 950, headroom: 1, maxCores: 16, maxBatch: 16, ...extra };
}

describe('Sponge', () => {
  it('reproduces the paper notebook: 100 req/s, 50 ms network delay, SLO 1000 ms, no 0.9 → 5 cores, batch 10 (l ≈ 91 ms)', () => {
    const r = solveSponge(pod());
    expect(r).toMatchObject({ status: 'optimal', decision: { cores: 5, batch: 10 } });
    expect(r.status === 'optimal' && Math.round(r.decision.batchLatencyMs)).toBe(92);
  });

  it('every backend agrees with the oracle on 250 random pods (seed 99)', () => {
    const rand = mulberry32(99);
    const problems: string[] = [];
    let infeasible = 0;
    for (let n = 0; n < 250; n++) {
      const p = randomSpongeProblem(rand);
      const oracle = solveSponge(p, { backend: 'enumerate' });
      if (oracle.status === 'infeasible') infeasible++;
      for (const backend of CHECKED_BACKENDS) {
        const why = disagreement(oracle, solveSponge(p, { backend, milp }));
        if (why) problems.push(`#${n} ${backend}: ${why}`);
      }
    }
    expect(problems).toEqual([]);
    expect(infeasible).toBeGreaterThan(10);
    expect(infeasible).toBeLessThan(200);
  });

  it('λ = 0 and an empty queue: 1 core, batch 1', () => {
    expect(solveSponge(pod({ loadRps: 0 }))).toMatchObject({ status: 'optimal', decision: { cores: 1, batch: 1 } });
  });

  it('the real queue matters: a request with 20 ms left needs more cores than the arrivals alone', () => {
    const calm = solveSponge(pod({ loadRps: 5 }));
    const urgent = solveSponge(pod({ loadRps: 5, queueBudgetsMs: [20] }));
    expect(calm.status === 'optimal' && urgent.status === 'optimal' && urgent.decision.cores > calm.decision.cores).toBe(true);
  });

  it('headroom 0.9 needs at least as many cores as no headroom', () => {
    const loose = solveSponge(pod({ loadRps: 60 }));
    const tight = solveSponge(pod({ loadRps: 60, headroom: 0.9 }));
    expect(loose.status === 'optimal' && tight.status === 'optimal' && tight.objective >= loose.objective).toBe(true);
  });

  it('λ above what 16 cores can do is infeasible with a reason', () => {
    const r = solveSponge(pod({ loadRps: 5000 }));
    expect(r.status).toBe('infeasible');
    expect(r.status === 'infeasible' && r.reason).toMatch(/^16 cores with any batch ≤ 16 cannot serve 5000 requests in time/);
  });

  it('one core and batch cap 1 (a single option): feasible only if it fits', () => {
    expect(solveSponge(pod({ maxCores: 1, maxBatch: 1, loadRps: 10 })).status).toBe('optimal');
    expect(solveSponge(pod({ maxCores: 1, maxBatch: 1, loadRps: 80 })).status).toBe('infeasible');
  });

  it('invalid input is a value', () => {
    expect(solveSponge(pod({ headroom: 0 })).status).toBe('invalid');
    expect(solveSponge(pod({ loadRps: -3 })).status).toBe('invalid');
  });
});
