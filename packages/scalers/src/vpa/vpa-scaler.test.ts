import type { ClusterState, Observation } from '@infscale/core';
import { createVpaScaler, type VpaState } from './vpa-scaler';

const MIN = 60_000;
const cluster = (replicas: number, cores: number): ClusterState => ({
  deployments: [{ name: 'web', variant: 'resnet50', stage: 'main', replicas, cores, batch: 1, readyReplicas: replicas, actualCores: cores }],
  routing: [],
});
const obs = (nowMs: number, used: number, ready: number): Observation => ({ nowMs, arrivalsPerSecond: [1], deployments: [{ name: 'web', cpuCoresPerPod: used, readyReplicas: ready }] });

describe('VPA scaler', () => {
  it('Recreate: 2 pods at 4 cores using 1 core evict once the upper bound 1.168·(1 + 1440/k) falls under 4 (k = 594 min)', () => {
    const vpa = createVpaScaler({ mode: 'Recreate' });
    let state: VpaState = vpa.initialState();
    let firstApply = -1;
    for (let k = 0; k <= 600 && firstApply < 0; k++) {
      const out = vpa.decide({ nowMs: k * MIN, observation: obs(k * MIN, 1, 2), cluster: cluster(2, 4) }, state);
      state = out.state;
      if (out.decision.kind === 'apply') {
        firstApply = k;
        expect(out.decision.resize).toBe('restart');
        expect(out.decision.desired.deployments[0].cores).toBe(1.168);
      }
    }
    // k = 593: 1168 × (1 + 1440/593) = 4004 m > 4 cores; k = 594: 3999 m < 4 cores.
    expect(firstApply).toBe(594);
  });

  it('InPlaceOrRecreate asks for an in-place resize with eviction as the fallback', () => {
    const vpa = createVpaScaler({ mode: 'InPlaceOrRecreate', podLifetimeThresholdMs: 0 });
    const out = vpa.decide({ nowMs: 0, observation: obs(0, 1, 2), cluster: cluster(2, 4) }, vpa.initialState());
    // Young history: bounds are [25 m, ∞), lifetime threshold 0 → the 10 % rule applies at once.
    expect(out.decision.kind).toBe('apply');
    if (out.decision.kind === 'apply') expect(out.decision.resize).toBe('in-place-or-restart');
  });

  it("InfAdapter's baseline: Off with the target applied, whole cores in [2, 20]", () => {
    const vpa = createVpaScaler({ mode: 'Off', applyOffTarget: true, integerCores: true, minCores: 2, maxCores: 20, minReplicas: 1 });
    const out = vpa.decide({ nowMs: 0, observation: obs(0, 5.3, 1), cluster: cluster(1, 20) }, vpa.initialState());
    // 5.3 cores → bucket 67, end 0.2·(1.05^68 − 1) = 5.319 → 5319 m + 797 m = 6.116 → 7 whole cores.
    expect(out.decision.kind).toBe('apply');
    if (out.decision.kind === 'apply') expect(out.decision.desired.deployments[0].cores).toBe(7);
    const low = vpa.decide({ nowMs: 0, observation: obs(0, 0.2, 1), cluster: cluster(1, 20) }, vpa.initialState());
    if (low.decision.kind === 'apply') expect(low.decision.desired.deployments[0].cores).toBe(2);
    else throw new Error('expected an apply');
  });

  it('Off without applying only reports', () => {
    const vpa = createVpaScaler({ mode: 'Off' });
    const out = vpa.decide({ nowMs: 0, observation: obs(0, 1, 2), cluster: cluster(2, 4) }, vpa.initialState());
    expect(out.decision).toEqual({ kind: 'hold', reason: expect.stringMatching(/web: target 1.168/) });
  });

  it('holds while there is no CPU sample', () => {
    const vpa = createVpaScaler();
    const out = vpa.decide({ nowMs: 0, observation: { nowMs: 0, arrivalsPerSecond: [] }, cluster: cluster(2, 4) }, vpa.initialState());
    expect(out.decision).toEqual({ kind: 'hold', reason: 'web: no CPU samples yet' });
  });
});
