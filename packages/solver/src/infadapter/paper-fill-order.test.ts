import { loadInfAdapterProfiles } from '@infscale/profiles';
import { disagreement, milpBackends } from '../test-support/backends';
import { paperModelOptimum } from '../test-support/infadapter-paper-model';
import { paperOrderHolds, accuracyOrder } from './evaluate';
import { infAdapterProblemFromProfiles } from './from-profiles';
import type { InfAdapterProblem } from './problem';
import { solveInfAdapter } from './solve';

const profiles = loadInfAdapterProfiles();
const problem = (loadRps: number, current: Record<string, number>): InfAdapterProblem => {
  const built = infAdapterProblemFromProfiles(profiles, { loadRps, current, fillOrder: 'paper' });
  if ('error' in built) throw new Error(built.error);
  return built.problem;
};

describe("--fill-order paper: the paper's Gurobi model exactly", () => {
  it('λ = 70: a lone ResNet50 at 9 cores (capacity 71) breaks rl[resnet18] ≥ 0', () => {
    const p = problem(70, {});
    const cores = p.variants.map((v) => (v.name === 'resnet50' ? 9 : 0));
    expect(p.variants.find((v) => v.name === 'resnet50')!.capacityRps[9]).toBe(71);
    expect(paperOrderHolds(p, accuracyOrder(p), cores)).toBe(false);
    const paper = solveInfAdapter(p, { backend: 'search' });
    const greedy = solveInfAdapter({ ...p, fillOrder: 'greedy' }, { backend: 'search' });
    expect(greedy.status === 'optimal' && greedy.decision.allocations.map((a) => [a.variant, a.cores])).toEqual([['resnet50', 9]]);
    expect(paper.status).toBe('optimal');
    if (paper.status !== 'optimal') return;
    expect(paper.decision.allocations.map((a) => [a.variant, a.cores])).not.toEqual([['resnet50', 9]]);
    expect(paper.objective).toBeCloseTo(paperModelOptimum(p)!.objective, 12);
  });

  it("search, the enumeration oracle and glpk give the enumerated Gurobi model's optimum at every load", async () => {
    const milp = await milpBackends();
    const currents: Record<string, number>[] = [{ resnet152: 20 }, {}, { resnet18: 4, resnet50: 6 }, { resnet34: 8 }];
    let differsFromGreedy = 0;
    let checked = 0;
    for (const current of currents) {
      for (let lambda = 1; lambda <= 420; lambda += 7) {
        const p = problem(lambda, current);
        const truth = paperModelOptimum(p);
        const search = solveInfAdapter(p, { backend: 'search' });
        if (!truth) {
          expect(search.status).toBe('infeasible');
          continue;
        }
        checked++;
        expect(search.status).toBe('optimal');
        if (search.status !== 'optimal') continue;
        expect(search.objective).toBeCloseTo(truth.objective, 12);
        if (lambda % 5 === 1) {
          expect(disagreement(search, solveInfAdapter(p, { backend: 'glpk', milp }))).toBeUndefined();
        }
        const greedy = solveInfAdapter({ ...p, fillOrder: 'greedy' }, { backend: 'search' });
        if (greedy.status !== 'optimal' || Math.abs(greedy.objective - truth.objective) > 1e-12) differsFromGreedy++;
      }
    }
    expect(checked).toBeGreaterThan(150);
    // The side effect matters: on a good part of the loads the paper's model picks something else.
    expect(differsFromGreedy).toBeGreaterThan(10);
  });
});
