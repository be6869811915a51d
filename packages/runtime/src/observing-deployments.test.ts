import type { ClusterState, Scaler } from '@infscale/core';
import { observingDeployments } from './observing-deployments';

const cluster = { deployments: [{ name: 'a' }, { name: 'b' }], routing: [] } as unknown as ClusterState;
const inner: Scaler<null> = {
  name: 'x',
  intervalMs: 1_000,
  observationRequest: (nowMs) => ({ nowMs, historySeconds: 60, deployments: [], wantQueue: true }),
  initialState: () => null,
  decide: (_, state) => ({ state, decision: { kind: 'hold', reason: 'x' } }),
};

it('asks for the deployments the app picks from the cluster and keeps the rest of the request', () => {
  const scaler = observingDeployments(inner, (c) => c.deployments.map((d) => d.name).filter((n) => n !== 'b'));
  expect(scaler.observationRequest(5, cluster)).toEqual({ nowMs: 5, historySeconds: 60, deployments: ['a'], wantQueue: true });
  expect(scaler.decide).toBe(inner.decide);
});
