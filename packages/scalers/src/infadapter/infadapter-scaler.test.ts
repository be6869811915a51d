import { enumerateInfAdapter, infAdapterObjective } from '@infscale/solver';
import { loadInfAdapterProfiles } from '@infscale/profiles';
import { createInfAdapterScaler, decideInfAdapter, INFADAPTER_STRATEGY, type InfAdapterState } from './infadapter-scaler';
import { parseInfAdapterConfig } from './infadapter-config';
import { buildProblem } from './problem';
import { infAdapterVariantsFromProfiles } from './from-profiles';
import { INFADAPTER_DETAIL_KEYS } from './detail-keys';
import { cluster, coresOf, forecast, quotasOf, small } from '../test-support/infadapter-scaler-fixture';

function decide(input: unknown, running: Record<string, number>, peak: number | undefined, state: InfAdapterState = { waited: 0 }, arrivals = [10]) {
  const scaler = createInfAdapterScaler(input);
  return scaler.decide(
    { nowMs: 0, observation: { nowMs: 0, arrivalsPerSecond: arrivals }, forecast: peak === undefined ? undefined : forecast(peak), cluster: cluster(running) },
    state,
  );
}

describe('InfAdapter scaler: λ → decision', () => {
  // Objective = load-weighted accuracy − 0.005·cores (α = 0.05, B = 10), β = 0. Worked by hand:
  // λ=10: slow:4 → 0.78 − 0.02 = 0.760 beats mid:2 (0.750), slow:3+mid:1 (0.758), fast:1 (0.695).
  // λ=30: mid:5 → 0.76 − 0.025 = 0.735 beats slow:10 (0.730), slow:2+mid:4 (0.734), slow:4+mid:3 (0.733).
  it.each([
    { lambda: 10, cores: { slow: 4 }, quotas: { slow: 10 } },
    { lambda: 30, cores: { mid: 5 }, quotas: { mid: 30 } },
  ])('λ=$lambda → $cores (hand-computed)', ({ lambda, cores, quotas }) => {
    const { decision } = decide(small, {}, lambda);
    expect(coresOf(decision)).toEqual(cores);
    expect(quotasOf(decision)).toEqual(quotas);
  });

  it.each([1, 7, 13, 22, 29, 41, 58, 77, 96])('λ=%i with a loading cost matches exhaustive enumeration', (lambda) => {
    const input = { ...small, objective: { alpha: 0.05, beta: 0.02 } };
    const running = { mid: 3 };
    // Stabilization already served (4 waits), so below-capacity loads are decided too.
    const { decision } = decide(input, running, lambda, { waited: 4 });
    const problem = buildProblem(parseInfAdapterConfig(input), cluster(running), lambda);
    const oracle = enumerateInfAdapter(problem)!;
    const got = coresOf(decision);
    const quotas = quotasOf(decision);
    const gotCores = problem.variants.map((v) => got[v.name] ?? 0);
    const gotLoads = problem.variants.map((v) => quotas[v.name] ?? 0);
    expect(infAdapterObjective(problem, gotCores, gotLoads)).toBeCloseTo(oracle.objective, 12);
    expect(gotLoads.reduce((a, b) => a + b, 0)).toBe(lambda);
    gotLoads.forEach((l, i) => expect(l).toBeLessThanOrEqual(problem.variants[i]!.capacityRps[gotCores[i]!] ?? 0));
  });

  it('rounds the forecast up: 9.2 req/s is planned as λ = 10', () => {
    const { decision } = decide(small, {}, 9.2);
    expect(decision.kind === 'apply' && decision.details?.[INFADAPTER_DETAIL_KEYS.predictedLoadRps]).toBe(10);
  });

  it('on the paper profiles explains the switch in plain words and keeps the quotas within λ and capacity', () => {
    const input = { method: 'paper', variants: infAdapterVariantsFromProfiles(loadInfAdapterProfiles()) };
    const { decision } = decide(input, { resnet50: 8 }, 231);
    expect(decision.kind).toBe('apply');
    if (decision.kind !== 'apply') return;
    expect(decision.reason).toMatch(/^λ=231 req\/s > capacity \d+ of resnet50:8 → .+, quotas \d+(\/\d+)*$/);
    const quotas = Object.values(quotasOf(decision));
    expect(quotas.reduce((a, b) => a + b, 0)).toBe(231);
    const total = decision.desired.deployments.reduce((s, d) => s + d.cores, 0);
    expect(total).toBeLessThanOrEqual(20);
    for (const d of decision.desired.deployments) expect(d.cores).toBeGreaterThanOrEqual(2);
    for (const key of ['predictedLoadRps', 'objective', 'solveMs', 'expectedAccuracy', 'totalCores']) expect(decision.details).toHaveProperty(key);
  });
});

describe('InfAdapter scaler: downscale stabilization', () => {
  it('scales up at once, waits 4 decisions before scaling down, and starts counting again after acting', () => {
    // Every step is a regular decision (the same nowMs): the upscale check in between is tested on its own.
    const config = parseInfAdapterConfig({ ...small, upscaleCheck: 'off' });
    const running = cluster({ slow: 10 }); // capacity 30
    const steps: [number, 'apply' | 'hold', number][] = [
      [40, 'apply', 0], // above capacity: at once
      [20, 'hold', 1],
      [20, 'hold', 2],
      [20, 'hold', 3],
      [20, 'hold', 4],
      [20, 'apply', 0], // fifth quiet decision may scale down
      [20, 'hold', 1],
      [31, 'apply', 0], // a rise resets the wait
      [30, 'hold', 1], // equal to capacity is not above it
    ];
    let state: InfAdapterState = { waited: 0 };
    for (const [peak, kind, waited] of steps) {
      const out = decideInfAdapter(
        config,
        INFADAPTER_STRATEGY,
        () => 0,
        { nowMs: 0, observation: { nowMs: 0, arrivalsPerSecond: [1] }, forecast: forecast(peak), cluster: running },
        state,
      );
      expect([peak, out.decision.kind, out.state.waited]).toEqual([peak, kind, waited]);
      state = out.state;
    }
  });

  it('says why it holds', () => {
    const { decision } = decide(small, { slow: 10 }, 20);
    expect(decision).toEqual({ kind: 'hold', reason: 'λ=20 req/s ≤ capacity 30: waiting before scaling down (1/4); running slow:10' });
  });
});

describe('InfAdapter scaler: edges', () => {
  it('beyond reach runs the largest capacity and says the load is infeasible', () => {
    const { decision } = decide(small, { slow: 2 }, 250);
    expect(coresOf(decision)).toEqual({ fast: 10 });
    expect(quotasOf(decision)).toEqual({ fast: 100 });
    expect(decision.reason).toMatch(
      /infeasible \(load 250 req\/s exceeds the most the budget can serve: 100 req\/s with fast at 10 cores\) → largest capacity 100 req\/s: fast:10/,
    );
  });

  it.each([
    { what: 'no arrival history', arrivals: [] as number[], peak: 50 },
    { what: 'no forecast', arrivals: [5], peak: undefined },
    { what: 'a forecast that is not a number', arrivals: [5], peak: Number.NaN },
  ])('holds on $what rather than scaling', ({ arrivals, peak }) => {
    const { decision, state } = decide(small, { slow: 10 }, peak, { waited: 2 }, arrivals);
    expect(decision.kind).toBe('hold');
    expect(decision.reason).toMatch(/keeping the running configuration/);
    expect(state.waited).toBe(2);
  });

  it('a forecast of zero keeps one variant running (never scales to zero)', () => {
    const { decision } = decide(small, {}, 0);
    expect(Object.keys(coresOf(decision))).toHaveLength(1);
    expect(Object.values(quotasOf(decision))).toEqual([1]);
  });

  it('names deployments <task>-<variant> when a task is set', () => {
    const { decision } = decide({ ...small, task: 'resnet' }, {}, 10);
    expect(decision.kind === 'apply' && decision.desired.deployments.map((d) => d.name)).toEqual(['resnet-slow']);
  });

  it('measures the load over every variant deployment it may run, running or not', () => {
    const req = createInfAdapterScaler({ ...small, task: 'resnet' }).observationRequest(0, cluster({ 'resnet-fast': 4 }));
    expect(req.loadFrom).toEqual(['resnet-fast', 'resnet-mid', 'resnet-slow']);
  });

  it('reads the paper defaults: 30 s interval, first decision after 2 minutes, 10 minutes of history', () => {
    const scaler = createInfAdapterScaler(small);
    // The loop ticks at the 5 s upscale check; decisions stay every 30 s (upscale-check.test.ts).
    expect([scaler.intervalMs, scaler.firstDecisionAfterMs, scaler.observationRequest(0, cluster({})).historySeconds]).toEqual([5_000, 120_000, 600]);
    expect(createInfAdapterScaler({ ...small, interval: '45s', firstDecisionAfter: '5m', upscaleCheck: 'off' }).intervalMs).toBe(45_000);
  });

  it('improved looks every second by default (paper every 5 s); an explicit upscaleCheck.every wins for either', () => {
    expect(createInfAdapterScaler({ ...small, method: 'improved' }).intervalMs).toBe(1_000);
    expect(createInfAdapterScaler({ ...small, method: 'improved', upscaleCheck: { every: '3s' } }).intervalMs).toBe(3_000);
    expect(createInfAdapterScaler({ ...small, upscaleCheck: { every: '2s' } }).intervalMs).toBe(2_000);
  });
});

describe('InfAdapter config errors name the field', () => {
  const v = small.variants;
  it.each([
    { input: { ...small, variants: [v[0], { ...v[1], accuracy: undefined }] }, field: 'variants.1.accuracy' },
    { input: { ...small, interval: 'soon' }, field: 'interval' },
    { input: { ...small, resourcePolicy: { minCores: 4, maxCores: 2 } }, field: 'resourcePolicy.minCores' },
    { input: { ...small, variants: [v[0], v[0]] }, field: 'variants.1.name' },
    { input: { ...small, budget: { cores: 0 } }, field: 'budget.cores' },
    { input: { ...small, objective: { alpha: -1 } }, field: 'objective.alpha' },
    { input: { ...small, variants: [] }, field: 'variants' },
    { input: { ...small, variants: [{ ...v[0], capacityRps: [5, null] }], resourcePolicy: { minCores: 2, maxCores: 2 } }, field: 'variants.0.capacityRps' },
  ])('$field', ({ input, field }) => {
    expect(() => createInfAdapterScaler(input)).toThrow(new RegExp(`infadapter config: .*${field.replace(/\./g, '\\.')}: `));
  });

  // Issue 14, finding 6: typos and durations that were accepted silently.
  it.each([
    [{ ...small, slo: { latencyMS: 300 } }, 'slo.latencyMS: unknown field (did you mean latencyMs?) (got 300)'],
    [{ ...small, upscaleCheck: { evry: '2s' } }, 'upscaleCheck.evry: unknown field (did you mean every?)'],
    [{ ...small, variants: [{ ...v[0], capacity: [5] }] }, 'variants.0.capacity: unknown field (did you mean capacityRps?)'],
    [{ ...small, intervall: '30s' }, 'intervall: unknown field (did you mean interval?)'],
    [{ ...small, interval: '0s' }, 'interval: must be > 0'],
    [{ ...small, upscaleCheck: { every: '0s' } }, 'upscaleCheck.every: must be > 0'],
    [{ ...small, interval: '1200h' }, 'interval: must be at most 24h (86400000 ms)'],
  ])('%j is refused: %s', (input, message) => {
    expect(() => createInfAdapterScaler(input)).toThrow(message);
  });

  it('reads Go-style compound durations such as 1m30s', () => {
    expect(createInfAdapterScaler({ ...small, interval: '1m30s', upscaleCheck: 'off' }).intervalMs).toBe(90_000);
  });
});

describe('InfAdapter scaler: the improved method (the default)', () => {
  const improved = { ...small, method: 'improved' };

  it('defaults as measured: decide after 10 s, 1-core variants, in place, no downscale wait, no fixed margin; CPU usage asked for', () => {
    const config = parseInfAdapterConfig({ ...small, method: undefined });
    expect(config.method).toBe('improved');
    expect([config.firstDecisionAfter, config.resourcePolicy.minCores, config.resize, config.downscaleStabilizationDecisions, config.forecast.margin]).toEqual([
      10_000,
      1,
      'in-place-or-restart',
      0,
      0,
    ]);
    // An explicit value wins over the method's default.
    expect(parseInfAdapterConfig({ ...improved, firstDecisionAfter: '2m', resize: 'restart' })).toMatchObject({
      firstDecisionAfter: 120_000,
      resize: 'restart',
    });
    // Only the running variants: a source has no usage for the others.
    expect(createInfAdapterScaler(improved).observationRequest(0, cluster({ mid: 2, slow: 3 })).deployments).toEqual(['mid', 'slow']);
    expect(createInfAdapterScaler(small).observationRequest(0, cluster({ mid: 2 })).deployments).toEqual([]);
  });

  it("plans for max(forecast, the last 10 s peak) × the paper's 10 % until its own errors are known", () => {
    // Forecast 20, but the last seconds saw 40: λ = ⌈40 × 1.1⌉ = 44 → fast at 5 cores (50 req/s).
    const { decision } = decide(improved, {}, 20, { waited: 0 }, [10, 40, 30]);
    expect(decision.kind === 'apply' && decision.details?.[INFADAPTER_DETAIL_KEYS.predictedLoadRps]).toBe(44);
    expect(decision.kind === 'apply' && decision.details?.[INFADAPTER_DETAIL_KEYS.marginFactor]).toBe(1.1);
  });

  it("holds a forecast above the last interval's peak to that peak, and says so", () => {
    // A fall after a burst: 40 s ago 90 req/s, the last 30 s at most 30; the forecast still says 80.
    const arrivals = [90, ...Array.from({ length: 30 }, () => 30)];
    const { decision } = decide(improved, {}, 80, { waited: 0 }, arrivals);
    // λ = ⌈30 × 1.1⌉ = 33, not ⌈80 × 1.1⌉ = 88.
    expect(decision.kind === 'apply' && decision.details?.[INFADAPTER_DETAIL_KEYS.predictedLoadRps]).toBe(33);
    expect(decision.reason).toMatch(/forecast 80 req\/s held to the last interval's peak, 30/);
  });

  it('meets a burst with the running variants grown in place first, then decides the whole program at the next check', () => {
    const scaler = createInfAdapterScaler({ ...improved, objective: { alpha: 0.05, beta: 0 } });
    const tick = (nowMs: number, state: InfAdapterState, arrivals: number[], running: Record<string, number>) =>
      scaler.decide({ nowMs, observation: { nowMs, arrivalsPerSecond: arrivals }, forecast: forecast(10), cluster: cluster(running) }, state);
    const first = tick(30_000, { waited: 0 }, [8, 9, 10], { slow: 4 });
    expect(coresOf(first.decision)).toEqual({ slow: 4 });
    // 15 req/s needs 17 with the margin, planned as rising once more by its rise since λ = 11: 23.
    // slow grows in place to 8 cores (24 req/s), nothing new starts.
    const small1 = tick(35_000, first.state, [10, 15, 15], { slow: 4 });
    expect(coresOf(small1.decision)).toEqual({ slow: 8 });
    // 60 req/s is beyond slow's 30 at 10 cores: it grows to the whole budget now, and says why…
    const big = tick(40_000, small1.state, [15, 40, 60], { slow: 8 });
    expect(coresOf(big.decision)).toEqual({ slow: 10 });
    expect(big.decision.reason).toMatch(/beyond the running variants; growing them in place first: slow:10/);
    // …and the next check decides the whole program (the rise since the last λ planned once more).
    const next = tick(45_000, big.state, [60, 61, 60], { slow: 10 });
    expect(Object.keys(coresOf(next.decision))).not.toEqual(['slow']);
  });

  it('plans with the capacity it measured: 12 req/s per busy core where the profile says 10', () => {
    const scaler = createInfAdapterScaler(improved);
    const at = (nowMs: number, state: InfAdapterState, cpu: number) =>
      scaler.decide(
        {
          nowMs,
          observation: { nowMs, arrivalsPerSecond: [48, 48, 48], deployments: [{ name: 'fast', arrivalRps: 48, cpuCoresPerPod: cpu, readyReplicas: 1 }] },
          forecast: forecast(48),
          cluster: cluster({ fast: 5 }),
        },
        state,
      );
    const one = at(0, { waited: 0 }, 4);
    const two = at(30_000, one.state, 4);
    expect(two.decision.kind === 'apply' && two.decision.details?.['rpsPerCore.fast']).toBeCloseTo(12, 9);
  });

  it('starts a variant for more accuracy only when that gains more than the load costs (no flip-flop at a threshold)', () => {
    const twoVariants = (betterAccuracy: number) => ({
      ...improved,
      objective: { alpha: 0.05, beta: 0 },
      variants: [
        { name: 'fast', accuracy: 0.7, loadTimeS: 6, capacityRps: Array.from({ length: 10 }, (_, i) => 10 * (i + 1)) },
        { name: 'better', accuracy: betterAccuracy, loadTimeS: 7, capacityRps: Array.from({ length: 10 }, (_, i) => 6 * (i + 1)) },
      ],
    });
    const at = (betterAccuracy: number) =>
      createInfAdapterScaler(twoVariants(betterAccuracy)).decide(
        { nowMs: 60_000, observation: { nowMs: 60_000, arrivalsPerSecond: Array(12).fill(24) }, forecast: forecast(24), cluster: cluster({ fast: 3 }) },
        { waited: 0, lastRegularMs: 30_000 },
      ).decision;
    // λ = ⌈24 × 1.1⌉ = 27: better:3 + fast:1 gains 0.0017 over fast:3, and holding better's 3 cores for its
    // 7 s load costs α · 3 · 7 / 30 / 10 = 0.0035: fast stays, grown in place, and the reason says why.
    const kept = at(0.71);
    expect(coresOf(kept)).toEqual({ fast: 3 });
    expect(kept.reason).toMatch(/starting better:3 \+ fast:1 would gain 0\.0017, less than its load costs, 0\.0035/);
    // Worth its load (better at 0.73): it starts.
    expect(coresOf(at(0.73))).toHaveProperty('better');
  });
});
