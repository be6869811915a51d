import type { DesiredState } from '@infscale/core';
import { runSimulation } from '../run';
import type { RequestRecord } from '../output/types';
import { baseConfig, fixedService, oneDeployment, scriptedScaler } from '../test-support/fixtures';

const two = (a: number, b: number): DesiredState => ({
  deployments: [
    ...(a > 0 ? [{ name: 'small', variant: 'small', stage: 'main', replicas: a, cores: 1, batch: 1 }] : []),
    ...(b > 0 ? [{ name: 'big', variant: 'big', stage: 'main', replicas: b, cores: 1, batch: 1 }] : []),
  ],
  routing: [{ stage: 'main', weights: { ...(a > 0 ? { small: 1 } : {}), ...(b > 0 ? { big: 1 } : {}) } }],
});

describe('SimActuator', () => {
  it('switches variants make-before-break: nothing dropped, the new one serves only once loaded', async () => {
    const records: RequestRecord[] = [];
    const config = baseConfig({
      arrivals: new Array(60).fill(20),
      service: fixedService({ small: 5, big: 20 }),
      variants: { small: { accuracy: 0.7, loadTimeS: 6.44 }, big: { accuracy: 0.78, loadTimeS: 8.52 } },
      initial: { ...two(1, 0), routing: [{ stage: 'main', weights: { small: 1 } }] },
      onRequest: (r) => records.push(r),
    });
    const { summary, lastActuatorError } = await runSimulation({ config, scaler: scriptedScaler([two(0, 1)], 10_000) });
    expect(lastActuatorError).toBeUndefined();
    expect(summary.dropped).toBe(0);
    expect(summary.completed).toBe(1200);
    // Decision at 10 s; big loads for 8.52 s, so nothing runs on it before 18.52 s, and small
    // serves until the route changes then.
    const big = records.filter((r) => r.variant === 'big');
    const small = records.filter((r) => r.variant === 'small');
    expect(Math.min(...big.map((r) => r.startMs))).toBeGreaterThanOrEqual(18_520);
    expect(Math.max(...small.map((r) => r.arrivalMs))).toBeLessThanOrEqual(18_520);
    expect(big.length + small.length).toBe(1200);
    expect(summary.accuracy).toBeGreaterThan(0.7);
  });

  it('a plan that waits for a model load is replaced by the next decision of a scaler that decides while waiting', async () => {
    const run = async (decidesWhileWaiting: boolean) => {
      const records: RequestRecord[] = [];
      const config = baseConfig({
        arrivals: new Array(30).fill(20),
        service: fixedService({ small: 5, big: 20 }),
        variants: { small: { accuracy: 0.7, loadTimeS: 6.44 }, big: { accuracy: 0.78, loadTimeS: 8.52 } },
        initial: { ...two(1, 0), routing: [{ stage: 'main', weights: { small: 1 } }] },
        onRequest: (r) => records.push(r),
      });
      // 2 s: switch to big (loads until 10.52 s); 4 s: back to three of small, big no longer wanted.
      const scaler = { ...scriptedScaler([two(0, 1), two(3, 0)], 2_000), decidesWhileWaiting };
      const result = await runSimulation({ config, scaler });
      return { ...result, records };
    };
    const eager = await run(true);
    expect(eager.lastActuatorError).toBeUndefined();
    expect(eager.records.filter((r) => r.variant === 'big')).toHaveLength(0);
    expect(eager.summary.completed).toBe(600);
    // The replacing plan scaled small to three pods (and deleted big): three pods at the end.
    expect(eager.series.at(-1)?.pods).toBe(3);

    const patient = await run(false);
    // It held at 4 s while the switch waited, so big served from 10.52 s on until the next decision.
    const big = patient.records.filter((r) => r.variant === 'big');
    expect(big.length).toBeGreaterThan(0);
    expect(Math.min(...big.map((r) => r.startMs))).toBeGreaterThanOrEqual(10_520);
  });

  it('a terminating pod finishes what it holds before it goes', async () => {
    const records: RequestRecord[] = [];
    // 2 replicas → 1 at 10 s, service 400 ms, so the removed pod has a queue to drain.
    const config = baseConfig({
      arrivals: new Array(20).fill(4),
      service: fixedService({ m: 400 }),
      initial: oneDeployment('m', 2),
      onRequest: (r) => records.push(r),
    });
    const { summary } = await runSimulation({ config, scaler: scriptedScaler([oneDeployment('m', 1)], 10_000) });
    expect(summary.dropped).toBe(0);
    expect(summary.completed).toBe(80);
  });

  it('in-place resize waits (Deferred) for cores, then applies after the resize delay', async () => {
    const config = baseConfig({
      nodes: [{ cores: 4 }],
      arrivals: new Array(60).fill(1),
      service: { workers: () => 1, batchTime: (_v, k, cores) => ({ meanMs: (100 * k) / cores }) },
      initial: {
        deployments: [
          { name: 'a', variant: 'm', stage: 'main', replicas: 1, cores: 2, batch: 1 },
          { name: 'b', variant: 'm', stage: 'main', replicas: 1, cores: 2, batch: 1 },
        ],
        routing: [],
      },
      resizeDelayMs: 3000,
    });
    // Grow a to 3 cores while b holds 2 of the node's 4: deferred; then b goes (delete) and a fits.
    const grow: DesiredState = {
      deployments: [
        { name: 'a', variant: 'm', stage: 'main', replicas: 1, cores: 3, batch: 1 },
        { name: 'b', variant: 'm', stage: 'main', replicas: 1, cores: 2, batch: 1 },
      ],
      routing: [],
    };
    const shrinkB: DesiredState = { deployments: [{ name: 'a', variant: 'm', stage: 'main', replicas: 1, cores: 3, batch: 1 }], routing: [] };
    const states: string[] = [];
    const { summary } = await runSimulation({
      config,
      scaler: scriptedScaler([grow, shrinkB], 10_000),
      actuator: { awaitTimeoutMs: 5_000 },
      onDecision: (d) => states.push(d.decision.kind === 'hold' ? `hold:${d.decision.reason}` : 'apply'),
    });
    // First plan: the resize is deferred and await-ready times out after 5 s (actuator fails, not busy).
    expect(states[0]).toBe('apply');
    // Second plan deletes b: a's deferred resize then starts and ends 3 s later: 3 cores on a alone.
    expect(summary.meanCores).toBeLessThan(4);
    expect(summary.meanCores).toBeGreaterThan(3);
  });

  it('restart-based resize evicts and recreates: the single replica is down while its model loads', async () => {
    const records: RequestRecord[] = [];
    const config = baseConfig({
      arrivals: new Array(40).fill(2),
      service: fixedService({ m: 10 }),
      variants: { m: { accuracy: 0.7, loadTimeS: 7 } },
      initial: oneDeployment('m', 1, 2),
      onRequest: (r) => records.push(r),
    });
    const { summary } = await runSimulation({ config, scaler: scriptedScaler([oneDeployment('m', 1, 4)], 10_000, 'restart') });
    // Down from 10 s to 17 s: the ~14 requests of those 7 s find no ready pod and are dropped.
    const dropped = records.filter((r) => r.outcome === 'dropped');
    expect(dropped.length).toBe(summary.dropped);
    expect(dropped.every((r) => r.arrivalMs >= 10_000 && r.arrivalMs <= 17_000)).toBe(true);
    expect(dropped.length).toBeGreaterThanOrEqual(12);
    expect(dropped.length).toBeLessThanOrEqual(16);
  });

  it('an infeasible in-place resize falls back to eviction under in-place-or-restart', async () => {
    const config = baseConfig({
      nodes: [{ cores: 4 }, { cores: 8 }],
      arrivals: new Array(40).fill(1),
      service: fixedService({ m: 10 }),
      initial: oneDeployment('m', 1, 2),
    });
    const { summary, lastActuatorError } = await runSimulation({ config, scaler: scriptedScaler([oneDeployment('m', 1, 6)], 10_000, 'in-place-or-restart') });
    // The pod sits on the 4-core node: 6 cores are infeasible there; the replacement lands on the 8-core node.
    expect(lastActuatorError).toBeUndefined();
    expect(summary.coreSeconds).toBeGreaterThan(6 * 20);
  });
});

describe('SimActuator restart strategies', () => {
  it("'surge' replaces the pod as a rollout: the new one first, no request dropped", async () => {
    const config = baseConfig({
      arrivals: new Array(40).fill(2),
      service: fixedService({ m: 10 }),
      variants: { m: { accuracy: 0.7, loadTimeS: 7 } },
      initial: oneDeployment('m', 1, 2),
    });
    const { summary, lastActuatorError } = await runSimulation({
      config,
      scaler: scriptedScaler([oneDeployment('m', 1, 4)], 10_000, 'restart'),
      actuator: { restartStrategy: 'surge' },
    });
    expect(lastActuatorError).toBeUndefined();
    expect(summary.dropped).toBe(0);
    // 2 cores for 40 s, plus 4 cores from 10 s on; the old pod's 2 go when the new one is ready at 17 s.
    expect(summary.coreSeconds).toBeCloseTo(2 * 17 + 4 * 30, 6);
  });
});
