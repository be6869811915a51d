import type { ClusterState, DeploymentStatus, Observation } from '@infscale/core';
import { solveSponge } from '@infscale/solver';
import { createSpongeScaler, type SpongeState } from './sponge-scaler';
import { modelServerConfigCall } from './model-server-hook';

const MODEL = { gamma: 18.29, delta: 4.488, epsilon: 45.47, eta: 1.046 };

const pod = (over: Partial<DeploymentStatus> = {}): DeploymentStatus => ({
  name: 'resnet18',
  variant: 'resnet18',
  stage: 'main',
  replicas: 1,
  cores: 1,
  batch: 1,
  readyReplicas: 1,
  actualCores: 1,
  ...over,
});
const clusterOf = (over: Partial<DeploymentStatus> = {}): ClusterState => ({ deployments: [pod(over)], routing: [] });
const obs = (rps: number, queued: number[] = [], arrivalBudget = 900): Observation => ({
  nowMs: 0,
  arrivalsPerSecond: [rps, rps, rps, rps, rps],
  queuedBudgetsMs: queued,
  recentArrivalBudgetsMs: rps > 0 ? [arrivalBudget, arrivalBudget + 50] : [],
});

function decideWith(config: Record<string, unknown>, observation: Observation, cluster: ClusterState, state: SpongeState = {}, nowMs = 10_000) {
  const scaler = createSpongeScaler({ targetRef: { name: 'resnet18' }, ...config });
  return scaler.decide({ nowMs, observation, cluster }, state);
}

function applied(out: ReturnType<typeof decideWith>) {
  if (out.decision.kind !== 'apply') throw new Error(`expected apply, got hold: ${out.decision.reason}`);
  return { ...out.decision, state: out.state, spec: out.decision.desired.deployments[0] as DeploymentStatus };
}

describe('sponge scaler: one pod, against the solver oracle', () => {
  it.each([
    // [load req/s, queued budgets, worst arrival budget]
    [5, [], 900],
    [10, [800, 850], 600],
    [20, [300, 400, 500], 297],
    [30, Array.from({ length: 12 }, (_, i) => 300 + 40 * i), 600],
    [2, [120], 950],
  ])("load %d req/s, queue %j, arrival budget %d ms: the oracle's (cores, batch), in place", (rps, queued, budget) => {
    const out = decideWith({ resourcePolicy: { maxCores: 8 }, maxBatch: 8 }, obs(rps, queued, budget), clusterOf({ cores: 16, actualCores: 16, batch: 16 }));
    const oracle = solveSponge(
      { model: MODEL, queueBudgetsMs: queued, loadRps: rps, intervalS: 1, arrivalBudgetMs: budget, headroom: 0.9, maxCores: 8, maxBatch: 8 },
      { backend: 'enumerate' },
    );
    if (oracle.status !== 'optimal') throw new Error(`case must be feasible: ${oracle.status}`);
    const d = applied(out);
    expect(d.resize).toBe('in-place');
    expect(d.spec).toMatchObject({ replicas: 1, cores: oracle.decision.cores, batch: oracle.decision.batch });
    expect(d.details).toMatchObject({ cores: oracle.decision.cores, batch: oracle.decision.batch, replicas: 1, predictedRps: rps, feasible: 'yes' });
    expect(d.details?.tightestBudgetMs).toBe(Math.min(queued[0] ?? Infinity, budget));
    expect(d.reason).toMatch(/1 pod\(s\) × \d+ cores, batch \d+: .* tightest budget \d+ ms/);
  });

  it('uses the forecast instead of the observed rate when the loop has a forecaster', () => {
    const scaler = createSpongeScaler({ targetRef: { name: 'resnet18' } });
    const out = scaler.decide({ nowMs: 1000, observation: obs(1), forecast: { peakRps: 60, horizonSeconds: 2, method: 'oracle' }, cluster: clusterOf() }, {});
    expect(applied(out).details).toMatchObject({ predictedRps: 60, loadSource: 'oracle' });
  });

  it('holds when the pod is already at the decided size, and says what it keeps', () => {
    const first = applied(decideWith({}, obs(10), clusterOf({ cores: 16, actualCores: 16 })));
    const again = decideWith({}, obs(10), clusterOf({ cores: first.spec.cores, actualCores: first.spec.cores, batch: first.spec.batch }));
    expect(again.decision).toMatchObject({ kind: 'hold', reason: expect.stringMatching(/^keeps 1 pod\(s\) × \d+ cores/) });
  });

  it('leaves out queued requests that no size could serve in time', () => {
    const out = applied(decideWith({}, obs(5, [3, 4, 600]), clusterOf({ cores: 16, actualCores: 16 })));
    expect(out.details).toMatchObject({ unreachable: 2, feasible: 'yes' });
    expect(out.spec.cores).toBeLessThan(16);
  });
});

describe('sponge scaler: joint vertical and horizontal', () => {
  const heavy = obs(320, [], 900);

  it('adds a pod only when one pod at its largest size cannot meet the deadlines', () => {
    const onePod = solveSponge({
      model: MODEL,
      queueBudgetsMs: [],
      loadRps: 320,
      intervalS: 1,
      arrivalBudgetMs: 900,
      headroom: 0.9,
      maxCores: 16,
      maxBatch: 16,
    });
    expect(onePod.status).toBe('infeasible');
    const d = applied(decideWith({}, heavy, clusterOf()));
    expect(d.spec.replicas).toBeGreaterThan(1);
    const fewer = solveSponge({
      model: MODEL,
      queueBudgetsMs: [],
      loadRps: 320 / (d.spec.replicas - 1),
      intervalS: 1,
      arrivalBudgetMs: 900,
      headroom: 0.9,
      maxCores: 16,
      maxBatch: 16,
    });
    expect(fewer.status).toBe('infeasible');
  });

  it('prefers a bigger pod to a second one', () => {
    const d = applied(decideWith({}, obs(120, [], 900), clusterOf()));
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.cores).toBeGreaterThan(1);
  });

  it('folds back to one pod only after fewer pods have sufficed for foldBackAfter', () => {
    const config = { replicas: { max: 4, foldBackAfter: '30s' } };
    const three = clusterOf({ replicas: 3, readyReplicas: 3, cores: 16, actualCores: 16, batch: 16 });
    const early = decideWith(config, obs(10), three, {}, 100_000);
    expect(early.state.fewerSinceMs).toBe(100_000);
    const kept = applied(early);
    expect(kept.spec.replicas).toBe(3);
    expect(kept.reason).toMatch(/1 pod\(s\) would suffice; folds back if that lasts 30 s more/);
    const later = applied(decideWith(config, obs(10), three, early.state, 130_000));
    expect(later.spec.replicas).toBe(1);
    expect(later.reason).toMatch(/folds back to 1 pod\(s\)/);
    expect(decideWith(config, heavy, three, early.state, 110_000).state.fewerSinceMs).toBeUndefined();
  });

  it('caps pods at replicas.max and says the deadlines cannot all be met', () => {
    const d = applied(decideWith({ replicas: { max: 2 } }, obs(2000), clusterOf()));
    expect(d.spec).toMatchObject({ replicas: 2, cores: 16 });
    expect(d.details).toMatchObject({ feasible: 'no' });
    expect(d.reason).toMatch(/cannot all meet their deadlines/);
  });
});

describe('sponge scaler: resizes the node cannot give', () => {
  it.each(['infeasible', 'deferred'] as const)('after a %s resize takes the size the pod got and adds a pod for the rest', (state) => {
    const stuck = clusterOf({ cores: 16, actualCores: 4, resize: state });
    const out = decideWith({}, obs(60, [], 600), stuck);
    const d = applied(out);
    expect(d.spec.cores).toBeLessThanOrEqual(4);
    expect(d.spec.replicas).toBeGreaterThan(1);
    expect(d.reason).toMatch(new RegExp(`resize ${state}\\), so at most 4 cores per pod`));
    expect(out.state.ceiling).toEqual({ cores: 4, untilMs: 70_000, why: state });
    // The ceiling holds for resizeCeilingHold, then the scaler tries to grow again.
    const during = applied(decideWith({}, obs(60, [], 600), clusterOf({ cores: 4, actualCores: 4 }), out.state, 40_000));
    expect(during.spec.cores).toBeLessThanOrEqual(4);
    const after = applied(decideWith({}, obs(60, [], 600), clusterOf({ cores: 4, actualCores: 4, replicas: 2 }), out.state, 80_000));
    expect(after.spec).toMatchObject({ replicas: 2 });
    expect(after.state.ceiling).toBeUndefined();
  });

  it('waits while a resize is in progress', () => {
    expect(decideWith({}, obs(60), clusterOf({ cores: 8, actualCores: 2, resize: 'in-progress' })).decision).toEqual({
      kind: 'hold',
      reason: 'resnet18: resize to 8 cores still in progress',
    });
  });

  it('falls back to restart-based resize only when configured', () => {
    expect(applied(decideWith({ onResizeFailure: 'restart' }, obs(60), clusterOf())).resize).toBe('in-place-or-restart');
  });
});

describe('sponge scaler: holds and config', () => {
  it('holds without data and without its deployment', () => {
    const empty: Observation = { nowMs: 0, arrivalsPerSecond: [] };
    expect(decideWith({}, empty, clusterOf()).decision).toEqual({ kind: 'hold', reason: 'no data yet: no arrival history and no queue budgets' });
    expect(decideWith({}, obs(10), { deployments: [], routing: [] }).decision).toEqual({ kind: 'hold', reason: 'deployment resnet18 is not in the cluster' });
  });

  it('asks for the queue, its deployment and the load window every interval of the chart', () => {
    const scaler = createSpongeScaler({ targetRef: { name: 'resnet18' }, interval: '1s', loadWindow: '3s' });
    expect(scaler.intervalMs).toBe(1000);
    expect(scaler.observationRequest(5000, clusterOf())).toEqual({ nowMs: 5000, historySeconds: 3, deployments: ['resnet18'], wantQueue: true });
  });

  it.each([
    [{ targetRef: { name: 'x' }, headroom: 1.5 }, /headroom/],
    [{ targetRef: { name: 'x' }, interval: 'fast' }, /interval: is not a duration; a duration such as 500ms, 30s, 1m30s or 1h/],
    [{ targetRef: { name: 'x' }, interval: '0s' }, /interval: must be > 0/],
    [{ targetRef: { name: 'x' }, interval: '1200h' }, /interval: must be at most 24h/],
    [{ targetRef: { name: 'x' }, slo: { latencyMS: 300 } }, /slo\.latencyMS: unknown field \(did you mean latencyMs\?\)/],
    [{ targetRef: { name: 'x' }, replicas: { foldbackAfter: '1m' } }, /replicas\.foldbackAfter: unknown field \(did you mean foldBackAfter\?\)/],
    [{ targetRef: { name: 'x' }, resourcePolicy: { minCores: 8, maxCores: 4 } }, /resourcePolicy\.minCores: minCores must be ≤ maxCores/],
    [{ targetRef: { name: 'x' }, latencyModel: { gamma: 'a', delta: 1, epsilon: 1, eta: 1 } }, /latencyModel\.gamma/],
    [{ targetRef: { name: 'x' }, replicas: { max: 0 } }, /replicas\.max/],
    [{}, /targetRef/],
  ])('names the bad field of %j', (config, message) => {
    expect(() => createSpongeScaler(config)).toThrow(message);
  });
});

describe('model server hook', () => {
  it('sends the cores the container runs with, not the spec, and waits for a resize to finish', () => {
    expect(modelServerConfigCall({ batch: 4, cores: 8, actualCores: 8 })).toEqual({ path: '/admin/config', body: { batchSize: 4, cores: 8 } });
    expect(modelServerConfigCall({ batch: 4, cores: 16, actualCores: 4, resize: 'infeasible' })?.body.cores).toBe(4);
    expect(modelServerConfigCall({ batch: 4, cores: 16, actualCores: 4, resize: 'in-progress' })).toBeUndefined();
  });
});
