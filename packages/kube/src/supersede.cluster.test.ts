import { PlanMovedOnError, type DeploymentSpec } from '@infscale/core';
import { runPlan, spongeSpec, startClusterHarness, until, type ClusterHarness } from './test-support';

const spec = (name: string, over: Partial<DeploymentSpec> = {}): DeploymentSpec => spongeSpec({ name, variant: name, ...over });

describe('KubernetesActuator.supersede against the real API server', () => {
  let h: ClusterHarness;
  beforeEach(async () => {
    h = await startClusterHarness({ name: 'supersede', nodes: [{ cpu: '8' }] });
  });
  afterEach(() => h.close());

  it('replaces a plan that waits for pods that cannot start: the old plan does nothing after its wait, the new one runs', async () => {
    const actuator = await h.actuator({ awaitReady: { timeoutMs: 60_000, pollMs: 100 } });
    await runPlan(actuator, {
      reason: 'start',
      actions: [
        { type: 'create', spec: spec('resnet18') },
        { type: 'await-ready', names: ['resnet18'] },
      ],
    });

    // resnet50 asks for more cores than the node has: its pod stays Pending and the plan waits.
    await actuator.submit({
      reason: 'switch to resnet50',
      actions: [
        { type: 'create', spec: spec('resnet50', { cores: 16 }) },
        { type: 'await-ready', names: ['resnet50'] },
        { type: 'delete', name: 'resnet18' },
      ],
    });
    const seen = await until('the plan to wait for resnet50', async () => (actuator.status().waitingForReady ? actuator.status() : undefined));
    expect(seen).toMatchObject({ busy: true, step: 1, waitingForReady: true });

    // A stale view of the plan is refused: the caller decided on a state that is gone.
    await expect(actuator.supersede({ reason: 'stale', actions: [] }, { ...seen, step: 0 })).rejects.toBeInstanceOf(PlanMovedOnError);

    await actuator.supersede(
      {
        reason: 'back to resnet18, two replicas',
        actions: [
          { type: 'scale', name: 'resnet18', replicas: 2 },
          { type: 'delete', name: 'resnet50' },
        ],
      },
      seen,
    );
    await actuator.whenIdle();
    expect(actuator.status()).toEqual({ busy: false });
    const state = await actuator.current();
    // The replaced plan never reached its delete of resnet18; the new plan scaled it and removed resnet50.
    expect(state.deployments.map((d) => [d.name, d.replicas])).toEqual([['resnet18', 2]]);
    expect(h.proxy.requests.some((r) => r.method === 'DELETE' && r.path.endsWith('/deployments/resnet18'))).toBe(false);
    await until('both resnet18 pods to run', async () =>
      (await h.pods('resnet18')).filter((p) => p.status?.phase === 'Running').length === 2 ? true : undefined,
    );
  });

  it('refuses to replace a plan that is not waiting for pods', async () => {
    const actuator = await h.actuator();
    await runPlan(actuator, { reason: 'start', actions: [{ type: 'create', spec: spec('resnet18') }] });
    const idle = actuator.status();
    await expect(actuator.supersede({ reason: 'x', actions: [{ type: 'delete', name: 'resnet18' }] }, idle)).rejects.toThrow(/now done/);
    expect((await actuator.current()).deployments).toHaveLength(1);
  });
});
