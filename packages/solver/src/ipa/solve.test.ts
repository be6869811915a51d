import { loadIpaPipeline } from '@infscale/profiles';
import { mulberry32, randomInt } from '@infscale/core';
import { milpBackends, CHECKED_BACKENDS, disagreement } from '../test-support/backends';
import type { MilpBackends } from '../lp/backend';
import { solveIpa } from './solve';
import { randomIpaProblem } from './synthetic';
import { ipaProblemFromPipeline } from './from-pipeline';
import type { IpaProblem } from './problem';

let milp: MilpBackends;
beforeAll(async () => {
  milp = await milpBackends();
});

describe('IPA: every backend agrees with the oracle', () => {
  it('on 250 random chains up to 3 stages × 3 variants × 6 batches (seed 1234)', () => {
    const rand = mulberry32(1234);
    const problems: string[] = [];
    const seen = { optimal: 0, infeasible: 0, product: 0, fa2: 0, rim: 0 };
    for (let n = 0; n < 250; n++) {
      const p = randomIpaProblem(rand, randomInt(rand, 1, 3), randomInt(rand, 1, 3));
      const oracle = solveIpa(p, { backend: 'enumerate' });
      if (oracle.status === 'optimal') seen.optimal++;
      if (oracle.status === 'infeasible') seen.infeasible++;
      if (p.accuracy === 'product') seen.product++;
      if (p.mode.kind !== 'ipa') seen[p.mode.kind]++;
      for (const backend of CHECKED_BACKENDS) {
        const why = disagreement(oracle, solveIpa(p, { backend, milp }));
        if (why) problems.push(`#${n} ${backend}: ${why}`);
      }
    }
    expect(problems).toEqual([]);
    expect(seen.optimal).toBeGreaterThan(120);
    expect(seen.infeasible).toBeGreaterThan(10);
    expect(Math.min(seen.product, seen.fa2, seen.rim)).toBeGreaterThan(20);
  });
});

describe('IPA with a core budget: every backend agrees with the oracle', () => {
  it('on 150 random chains, each with a budget between its cheapest and its dearest choice (seed 99)', () => {
    const rand = mulberry32(99);
    const problems: string[] = [];
    const seen = { optimal: 0, infeasible: 0, binding: 0 };
    for (let n = 0; n < 150; n++) {
      // Accuracy worth much more than cores, so the budget is what holds the choice back; no γ·batch
      // (a 1e-6 term at this scale is below glpk's precision).
      const random = randomIpaProblem(rand, randomInt(rand, 1, 3), randomInt(rand, 1, 3));
      const p = { ...random, alpha: 100 * random.alpha + 1, gamma: 0 };
      const free = solveIpa(p, { backend: 'enumerate' });
      if (free.status !== 'optimal') continue;
      const budgeted = { ...p, maxCores: randomInt(rand, 0, free.decision.cores + 2) };
      const oracle = solveIpa(budgeted, { backend: 'enumerate' });
      if (oracle.status === 'optimal') {
        seen.optimal++;
        expect(oracle.decision.cores).toBeLessThanOrEqual(budgeted.maxCores);
        if (budgeted.maxCores < free.decision.cores) seen.binding++;
      }
      if (oracle.status === 'infeasible') seen.infeasible++;
      for (const backend of CHECKED_BACKENDS) {
        const other = solveIpa(budgeted, { backend, milp });
        // javascript-lp-solver's "infeasible" is never trusted (lp/jsl.ts): it fails instead.
        if (backend === 'jsl' && oracle.status === 'infeasible' && other.status === 'failed') continue;
        const why = disagreement(oracle, other);
        if (why) problems.push(`#${n} ${backend}: ${why}`);
      }
    }
    expect(problems).toEqual([]);
    expect(Math.min(seen.optimal, seen.infeasible, seen.binding)).toBeGreaterThan(10);
  });
});

function chain(extra: Partial<IpaProblem> = {}): IpaProblem {
  const variant = (name: string, accuracy: number, latencyMs: number, baseCores = 1) => ({
    name,
    accuracy,
    baseCores,
    points: [1, 2, 4].map((b) => ({ batch: b, latencyMs: latencyMs * (1 + 0.5 * (b - 1)), throughputRps: (b * 1000) / (latencyMs * (1 + 0.5 * (b - 1))) })),
  });
  return {
    stages: [
      { name: 'detect', variants: [variant('fast', 0, 100), variant('good', 1, 400, 2)] },
      { name: 'classify', variants: [variant('small', 0, 50), variant('large', 1, 200)] },
    ],
    loadRps: 10,
    slaMs: 2000,
    alpha: 2,
    beta: 0.1,
    gamma: 1e-6,
    maxBatch: 4,
    scalingCap: 100,
    accuracy: 'sum',
    mode: { kind: 'ipa' },
    ...extra,
  };
}

describe('IPA edge cases', () => {
  it('λ = 0: one replica per stage and batch 1 (a batch would never fill)', () => {
    const r = solveIpa(chain({ loadRps: 0 }));
    expect(r.status).toBe('optimal');
    if (r.status !== 'optimal') return;
    for (const s of r.decision.stages) expect(s).toMatchObject({ batch: 1, replicas: 1 });
    expect(r.decision.stages.map((s) => s.variant)).toEqual(['good', 'large']);
  });

  it('λ above what the scaling cap can carry: infeasible, naming the stage', () => {
    const r = solveIpa(chain({ loadRps: 5000 }));
    expect(r.status).toBe('infeasible');
    expect(r.status === 'infeasible' && r.reason).toMatch(/^stage detect: no variant carries 5000 req\/s within 100 replicas/);
  });

  it('an SLA below the fastest chain is infeasible, naming the fastest total', () => {
    const r = solveIpa(chain({ slaMs: 100 }));
    expect(r.status === 'infeasible' && r.reason).toMatch(/fastest choice per stage takes 150 ms end to end/);
  });

  it('one variant per stage: only batch and replicas are chosen', () => {
    const p = chain();
    p.stages = p.stages.map((s) => ({ ...s, variants: [s.variants[0]!] }));
    const r = solveIpa(p);
    expect(r.status === 'optimal' && r.decision.stages.map((s) => s.variant)).toEqual(['fast', 'small']);
  });

  it('a missing profile row (batch 2 not profiled) is never chosen', () => {
    const p = chain({ maxBatch: 2, beta: 10 });
    for (const s of p.stages) for (const v of s.variants) v.points = v.points.filter((pt) => pt.batch !== 2);
    const r = solveIpa(p);
    expect(r.status === 'optimal' && r.decision.stages.every((s) => s.batch === 1)).toBe(true);
  });

  it('ties (identical stages): every backend reports the same objective', () => {
    const p = chain();
    p.stages = [p.stages[0]!, { ...p.stages[0]!, name: 'detect2' }];
    const oracle = solveIpa(p, { backend: 'enumerate' });
    for (const backend of CHECKED_BACKENDS) expect(disagreement(oracle, solveIpa(p, { backend, milp }))).toBeUndefined();
  });

  it('FA2 keeps the given variants; RIM keeps the given replicas', () => {
    const fa2 = solveIpa(chain({ mode: { kind: 'fa2', variants: ['fast', 'small'] } }));
    expect(fa2.status === 'optimal' && fa2.decision.stages.map((s) => s.variant)).toEqual(['fast', 'small']);
    const rim = solveIpa(chain({ mode: { kind: 'rim', replicas: [7, 3] } }));
    expect(rim.status === 'optimal' && rim.decision.stages.map((s) => s.replicas)).toEqual([7, 3]);
  });

  it('bad input is invalid with a reason naming it', () => {
    expect(solveIpa(chain({ mode: { kind: 'fa2', variants: ['fast', 'nope'] } }))).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('variant nope is not in stage classify'),
    });
    expect(solveIpa(chain({ loadRps: -1 })).status).toBe('invalid');
  });
});

describe('IPA on the bundled video pipeline', () => {
  it('λ = 12: feasible, within the SLA, replicas carry the load, all backends agree', () => {
    const p = ipaProblemFromPipeline(loadIpaPipeline('video'), { loadRps: 12 });
    const oracle = solveIpa(p, { backend: 'enumerate' });
    expect(oracle.status).toBe('optimal');
    if (oracle.status !== 'optimal') return;
    expect(oracle.decision.latencyMs).toBeLessThanOrEqual(p.slaMs);
    for (const backend of CHECKED_BACKENDS) expect(disagreement(oracle, solveIpa(p, { backend, milp }))).toBeUndefined();
    const product = { ...p, accuracy: 'product' as const };
    const withFloor = ipaProblemFromPipeline(loadIpaPipeline('video'), { loadRps: 12, accuracy: 'product', accuracyFloor: 0.05 });
    expect(solveIpa(product, { backend: 'search' }).status).toBe('optimal');
    expect(disagreement(solveIpa(withFloor, { backend: 'enumerate' }), solveIpa(withFloor, { backend: 'glpk', milp }))).toBeUndefined();
  });
});
