import type { ObservationRequest } from '@infscale/core';
import { Simulation } from '../engine/simulation';
import { dataplaneBatching } from '../policies/dataplane-adapters';
import { baseConfig, fixedService, oneDeployment } from '../test-support/fixtures';
import { SimMetricsSource } from './sim-metrics-source';

/** Two stages, detect → classify, one replica each at batch 1; 10 req/s for 3 s, observed at 3 s. */
function observeAt3s(msPerRequest: { detect: number; classify: number }, extra: Partial<ObservationRequest>) {
  const sim = new Simulation(
    baseConfig({
      arrivals: new Array(5).fill(10),
      stages: [
        { name: 'detect', policy: dataplaneBatching({ maxWaitMs: 10 }) },
        { name: 'classify', policy: dataplaneBatching({ maxWaitMs: 10 }) },
      ],
      service: fixedService({ d: msPerRequest.detect, c: msPerRequest.classify }),
      sloMs: 60_000,
      initial: {
        deployments: [
          { name: 'd', variant: 'd', stage: 'detect', replicas: 1, cores: 1, batch: 1 },
          { name: 'c', variant: 'c', stage: 'classify', replicas: 1, cores: 1, batch: 1 },
        ],
        routing: [],
      },
    }),
  );
  sim.runUntil(3000);
  return new SimMetricsSource(sim).observeNow({ nowMs: 3000, historySeconds: 3, deployments: [], ...extra });
}

describe("SimMetricsSource, the stage queues' length (IPA)", () => {
  it('counts the requests waiting at the named stage: all of the backlog when that stage is the slow one', () => {
    const result = observeAt3s({ detect: 500, classify: 5 }, { wantQueueLength: { stages: ['detect'] }, wantQueue: true });
    if (result.kind !== 'ok') throw new Error(result.reason);
    // ~30 arrived, detect serves 2/s: over 20 wait there, and nothing waits anywhere else.
    expect(result.observation.queuedRequests).toBeGreaterThan(20);
    expect(result.observation.queuedRequests).toBe(result.observation.queuedBudgetsMs?.length);
  });

  it('counts a later stage only when asked: summed over the named stages', () => {
    const entryOnly = observeAt3s({ detect: 5, classify: 500 }, { wantQueueLength: { stages: ['detect'] }, wantQueue: true });
    if (entryOnly.kind !== 'ok') throw new Error(entryOnly.reason);
    expect(entryOnly.observation.queuedRequests).toBeLessThanOrEqual(1);
    expect(entryOnly.observation.queuedBudgetsMs?.length).toBeGreaterThan(20);
    const whole = observeAt3s({ detect: 5, classify: 500 }, { wantQueueLength: { stages: ['detect', 'classify'] }, wantQueue: true });
    if (whole.kind !== 'ok') throw new Error(whole.reason);
    expect(whole.observation.queuedRequests).toBe(whole.observation.queuedBudgetsMs?.length);
  });

  it('answers only when asked, and a stage the simulation does not have is no-data', () => {
    const quiet = observeAt3s({ detect: 500, classify: 5 }, {});
    expect(quiet.kind === 'ok' && 'queuedRequests' in quiet.observation).toBe(false);
    expect(observeAt3s({ detect: 500, classify: 5 }, { wantQueueLength: { stages: ['detect', 'nope'] } })).toEqual({
      kind: 'no-data',
      reason: 'no stage "nope" in the simulation',
    });
  });
});

describe('SimMetricsSource, CPU usage across an in-place resize', () => {
  it('keeps counting the CPU a served request costs (cores per worker × its time) after the pod grows and shrinks in place', async () => {
    // Each request takes 1000·workers/… : here a fixed 40 ms per request on each of `cores` workers
    // using one core each, so 20 req/s cost 0.8 busy cores whatever the pod's size.
    const service = { workers: (_v: string, cores: number) => Math.max(1, Math.floor(cores)), batchTime: () => ({ meanMs: 40 }) };
    const sim = new Simulation(baseConfig({ arrivals: new Array(40).fill(20), service, initial: oneDeployment('m', 1, 2) }));
    const source = new SimMetricsSource(sim);
    const usage = (atMs: number) => {
      sim.runUntil(atMs);
      const r = source.observeNow({ nowMs: atMs, historySeconds: 1, deployments: ['m'] });
      if (r.kind !== 'ok') throw new Error(r.reason);
      return r.observation.deployments![0]!.cpuCoresPerPod!;
    };
    usage(5000);
    expect(usage(10_000)).toBeCloseTo(0.8, 1);
    const pod = sim.cluster.deployments.get('m')!.pods[0]!;
    sim.cluster.resizeInPlace(pod, 8); // grows while requests are in flight
    usage(12_000);
    expect(usage(20_000)).toBeCloseTo(0.8, 1);
    sim.cluster.resizeInPlace(pod, 3);
    usage(22_000);
    expect(usage(30_000)).toBeCloseTo(0.8, 1);
  });
});
