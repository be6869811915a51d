import type { ClusterState, Observation } from '@infscale/core';
import { cluster as clusterOf, deployment, observation } from '@infscale/core/testing';
import { createHpaScaler, type HpaState } from './hpa-scaler';
import { recommendReplicas } from './replica-calculator';
import { limitReplicas, stabilize } from './stabilization';

describe('HPA replica calculator', () => {
  it('desired = ceil(ready × metric / target) outside the 10 % tolerance', () => {
    expect(recommendReplicas({ currentReplicas: 3, readyPods: 3, unreadyPods: 0, perPodValue: 0.9 }, 0.5, 0.1)).toMatchObject({ replicas: 6 }); // ceil(3 × 1.8) = 6
    expect(recommendReplicas({ currentReplicas: 3, readyPods: 3, unreadyPods: 0, perPodValue: 0.54 }, 0.5, 0.1)).toMatchObject({ replicas: 3 }); // 1.08 within
    expect(recommendReplicas({ currentReplicas: 4, readyPods: 4, unreadyPods: 0, perPodValue: 0.2 }, 0.5, 0.1)).toMatchObject({ replicas: 2 }); // ceil(1.6)
  });

  it('counts unready pods at 0 on scale-up, and stays when that erases the need', () => {
    // 2 ready at 0.9 (ratio 1.8) + 2 unready: new ratio 1.8·2/4 = 0.9 < 1 → stay.
    expect(recommendReplicas({ currentReplicas: 4, readyPods: 2, unreadyPods: 2, perPodValue: 0.9 }, 0.5, 0.1)).toMatchObject({ replicas: 4 });
    // 2 ready at 1.5 (ratio 3) + 1 unready: new ratio 3·2/3 = 2 → ceil(2 × 3) = 6.
    expect(recommendReplicas({ currentReplicas: 3, readyPods: 2, unreadyPods: 1, perPodValue: 1.5 }, 0.5, 0.1)).toMatchObject({ replicas: 6 });
    // Scale-down ignores unready pods: ceil(0.4 × 2) = 1.
    expect(recommendReplicas({ currentReplicas: 3, readyPods: 2, unreadyPods: 1, perPodValue: 0.2 }, 0.5, 0.1)).toMatchObject({ replicas: 1 });
  });

  it('no metric: no recommendation', () => {
    expect(recommendReplicas({ currentReplicas: 2, readyPods: 2, unreadyPods: 0 }, 0.5, 0.1).ok).toBe(false);
    expect(recommendReplicas({ currentReplicas: 0, readyPods: 0, unreadyPods: 0, perPodValue: 1 }, 0.5, 0.1).ok).toBe(false);
  });
});

describe('HPA rules', () => {
  it('stabilizes downscale on the max of the last 5 minutes', () => {
    let h = stabilize([], 0, 8, 300_000).history;
    h = stabilize(h, 60_000, 3, 300_000).history;
    expect(stabilize(h, 120_000, 2, 300_000).replicas).toBe(8);
    // At 300 s the 8 from t = 0 leaves the window (strictly after now − window).
    expect(stabilize(h, 300_000, 2, 300_000).replicas).toBe(3);
  });

  it('limits scale-up to max(2 × current, 4) and clamps to min/max', () => {
    expect(limitReplicas(1, 10, 1, 100, 2, 4).replicas).toBe(4);
    expect(limitReplicas(5, 30, 1, 100, 2, 4).replicas).toBe(10);
    expect(limitReplicas(5, 30, 1, 8, 2, 4).replicas).toBe(8);
    expect(limitReplicas(5, 0, 2, 8, 2, 4).replicas).toBe(2);
  });
});

describe('HPA scaler', () => {
  const cluster = (replicas: number, ready = replicas): ClusterState =>
    clusterOf().with(deployment('web').variant('m').replicas(replicas).ready(ready).cores(2)).build();
  const obs = (used: number, ready: number): Observation => observation(0).usage('web', { cpuCoresPerPod: used, readyReplicas: ready }).build();

  it('scales up at once (limited), down only after 5 minutes of lower recommendations', () => {
    const hpa = createHpaScaler({ target: 0.5, maxReplicas: 50 });
    let state: HpaState = hpa.initialState();
    // 2 pods at 2 cores using 1.8 each: utilization 0.9, ratio 1.8 → ceil(3.6) = 4.
    let out = hpa.decide({ nowMs: 0, observation: obs(1.8, 2), cluster: cluster(2) }, state);
    expect(out.decision.kind === 'apply' && out.decision.desired.deployments[0].replicas).toBe(4);
    state = out.state;
    // Load falls: 4 pods using 0.4 (ratio 0.4) → raw 2, held at 4 until the t = 0 recommendation ages out.
    for (let t = 15_000; t < 300_000; t += 15_000) {
      out = hpa.decide({ nowMs: t, observation: obs(0.4, 4), cluster: cluster(4) }, state);
      state = out.state;
      expect(out.decision.kind).toBe('hold');
    }
    out = hpa.decide({ nowMs: 300_000, observation: obs(0.4, 4), cluster: cluster(4) }, state);
    expect(out.decision.kind === 'apply' && out.decision.desired.deployments[0].replicas).toBe(2);
  });

  it('rps metric: req/s per ready pod against the target', () => {
    const hpa = createHpaScaler({ metric: 'rps', target: 50 });
    const out = hpa.decide(
      { nowMs: 0, observation: { nowMs: 0, arrivalsPerSecond: [], deployments: [{ name: 'web', arrivalRps: 260, readyReplicas: 2 }] }, cluster: cluster(2) },
      hpa.initialState(),
    );
    // 130 per pod / 50 = 2.6 → ceil(5.2) = 6, limited to max(4, 4) = 4.
    expect(out.decision.kind === 'apply' && out.decision.desired.deployments[0].replicas).toBe(4);
  });
});
