import type { ClusterState } from '@infscale/core';
import { cluster as clusterOf, deployment } from '@infscale/core/testing';
import { createStaticScaler } from './static-scaler';

const cluster = (replicas: number, cores: number): ClusterState =>
  clusterOf().with(deployment('web').variant('resnet50').replicas(replicas).cores(cores)).build();

describe('static scaler', () => {
  const scaler = createStaticScaler({ deployments: { web: { replicas: 1, cores: 16 } } });
  const decide = (c: ClusterState) => scaler.decide({ nowMs: 0, observation: { nowMs: 0, arrivalsPerSecond: [] }, cluster: c }, null).decision;

  it('holds at its allocation', () => {
    expect(decide(cluster(1, 16)).kind).toBe('hold');
  });

  it('puts back replicas and cores when they drifted', () => {
    const d = decide(cluster(3, 4));
    expect(d.kind).toBe('apply');
    if (d.kind !== 'apply') return;
    expect(d.desired.deployments[0]).toMatchObject({ name: 'web', replicas: 1, cores: 16, batch: 1 });
  });

  it('names the bad field of its config', () => {
    expect(() => createStaticScaler({ deployments: { web: { replicas: -1, cores: 2 } } })).toThrow(/deployments.web.replicas/);
  });
});
