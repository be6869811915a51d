import { cluster, deployment, observation, settled } from './index';

describe('cluster builders', () => {
  it('defaults to a settled one-pod deployment and keeps ready/actual in step until told otherwise', () => {
    expect(deployment('web').build()).toEqual({
      name: 'web',
      variant: 'web',
      stage: 'main',
      replicas: 1,
      cores: 1,
      batch: 1,
      readyReplicas: 1,
      actualCores: 1,
    });
    const d = deployment('web').replicas(3).cores(4).build();
    expect([d.readyReplicas, d.actualCores]).toEqual([3, 4]);
    const rolling = deployment('web').ready(1).replicas(3).actualCores(2).cores(4).resizing('in-progress').build();
    expect([rolling.replicas, rolling.readyReplicas, rolling.cores, rolling.actualCores, rolling.resize]).toEqual([3, 1, 4, 2, 'in-progress']);
  });

  it('builds independent copies', () => {
    const b = cluster().with(deployment('a'), deployment('b').stage('s2')).routes({ a: 2, b: 1 });
    const one = b.build();
    one.deployments[0].replicas = 9;
    one.routing[0].weights.a = 0;
    expect(b.build().deployments[0].replicas).toBe(1);
    expect(b.build().routing).toEqual([{ stage: 'main', weights: { a: 2, b: 1 } }]);
  });

  it('settles a desired state', () => {
    const s = settled({ deployments: [{ name: 'a', variant: 'a', stage: 'main', replicas: 2, cores: 3, batch: 4 }], routing: [] });
    expect(s.deployments[0]).toMatchObject({ readyReplicas: 2, actualCores: 3 });
  });
});

describe('observation builder', () => {
  it('writes history oldest first with steps', () => {
    const o = observation(5_000).steady(10, 3).then(20, 2).p99(250).usage('a', { cpuCoresPerPod: 1.5 }).queued(7).build();
    expect(o).toEqual({
      nowMs: 5_000,
      arrivalsPerSecond: [10, 10, 10, 20, 20],
      latencyMs: { p99: 250 },
      deployments: [{ name: 'a', cpuCoresPerPod: 1.5 }],
      queuedRequests: 7,
    });
  });
});
