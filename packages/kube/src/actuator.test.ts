import type { ActionPlan, DeploymentSpec } from '@infscale/core';
import { KubernetesActuator } from './actuator';
import { BATCH_ENV, ROUTING_CONFIGMAP } from './conventions';
import { NAMESPACE, startHarness } from './test-support/harness';

type Harness = Awaited<ReturnType<typeof startHarness>>;

const spec = (over: Partial<DeploymentSpec> = {}): DeploymentSpec => ({ name: 'resnet18', variant: 'resnet18', stage: 'main', replicas: 2, cores: 2, batch: 1, ...over });

async function run(actuator: KubernetesActuator, plan: ActionPlan) {
  await actuator.submit(plan);
  await actuator.whenIdle();
  return actuator.status();
}

describe('KubernetesActuator against the fake API server', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ readyDelayMs: 5_000 });
  });
  afterEach(() => h.close());

  it('creates a deployment from the template, waits until ready and reports it', async () => {
    const actuator = h.actuator();
    const status = await run(actuator, { reason: 'start', actions: [{ type: 'create', spec: spec() }, { type: 'await-ready', names: ['resnet18'] }] });
    expect(status).toEqual({ busy: false });
    const state = await actuator.current();
    expect(state.deployments).toEqual([{ ...spec(), readyReplicas: 2, actualCores: 2 }]);
    const stored = h.server.store.find('deployments', NAMESPACE, 'resnet18')!;
    const container = (stored.spec as any).template.spec.containers[0]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(container.image).toBe('registry.local/resnet18:1');
    expect(container.resources).toEqual({ requests: { cpu: '2', memory: '2Gi' }, limits: { cpu: '2', memory: '2Gi' } });
    expect(container.resizePolicy).toEqual([{ resourceName: 'cpu', restartPolicy: 'NotRequired' }]);
    expect(container.env).toContainEqual({ name: BATCH_ENV, value: '1' });
    // Waiting took the readiness delay of virtual time, polled once a second.
    expect(h.slept.reduce((a, b) => a + b, 0)).toBe(5_000);
  });

  it('scales through the scale subresource and deletes', async () => {
    const actuator = h.actuator();
    await run(actuator, { reason: 'start', actions: [{ type: 'create', spec: spec({ replicas: 1 }) }] });
    await run(actuator, { reason: 'load rose', actions: [{ type: 'scale', name: 'resnet18', replicas: 3 }, { type: 'await-ready', names: ['resnet18'] }] });
    expect(h.server.requests.some((r) => r.method === 'PATCH' && r.path.endsWith('/deployments/resnet18/scale') && r.contentType === 'application/merge-patch+json')).toBe(true);
    expect((await actuator.current()).deployments[0]).toMatchObject({ replicas: 3, readyReplicas: 3 });
    expect(h.server.store.list('pods', NAMESPACE)).toHaveLength(3);

    await run(actuator, { reason: 'variant retired', actions: [{ type: 'delete', name: 'resnet18' }] });
    expect((await actuator.current()).deployments).toEqual([]);
    expect(h.server.store.list('pods', NAMESPACE)).toHaveLength(0);
  });

  it('sets the batch size through the env var and reports it', async () => {
    const actuator = h.actuator();
    await run(actuator, { reason: 'start', actions: [{ type: 'create', spec: spec() }] });
    const status = await run(actuator, { reason: 'batch', actions: [{ type: 'set-batch', name: 'resnet18', batch: 8 }, { type: 'await-ready', names: ['resnet18'] }] });
    expect(status.lastError).toBeUndefined();
    expect((await actuator.current()).deployments[0]).toMatchObject({ batch: 8, readyReplicas: 2 });
  });

  it('runs a make-before-break plan: create, ready, route, delete', async () => {
    const actuator = h.actuator();
    await run(actuator, {
      reason: 'start',
      actions: [{ type: 'create', spec: spec({ name: 'resnet152', variant: 'resnet152', cores: 4 }) }, { type: 'route', routing: { stage: 'main', weights: { resnet152: 1 } } }],
    });
    const seen: string[] = [];
    h.server.onRequest((r) => {
      if (r.method !== 'GET') seen.push(`${r.method} ${r.path.split('/').slice(-2).join('/')}`);
    });
    const status = await run(actuator, {
      reason: 'cheaper variant suffices',
      actions: [
        { type: 'create', spec: spec() },
        { type: 'await-ready', names: ['resnet18'] },
        { type: 'route', routing: { stage: 'main', weights: { resnet18: 3 } } },
        { type: 'delete', name: 'resnet152' },
      ],
    });
    expect(status).toEqual({ busy: false });
    const writes = seen.filter((s) => !s.includes('events'));
    expect(writes).toEqual(['POST serving/deployments', `PATCH configmaps/${ROUTING_CONFIGMAP}`, 'DELETE deployments/resnet152']);
    const state = await actuator.current();
    expect(state.deployments.map((d) => d.name)).toEqual(['resnet18']);
    expect(state.routing).toEqual([{ stage: 'main', weights: { resnet18: 3 } }]);
  });

  it('reports a failed step in status and stops the plan', async () => {
    const actuator = h.actuator();
    const status = await run(actuator, { reason: 'x', actions: [{ type: 'scale', name: 'missing', replicas: 2 }, { type: 'create', spec: spec() }] });
    expect(status.busy).toBe(false);
    expect(status.lastError).toMatch(/step 0 \(scale\): 404: deployments.apps "missing" not found/);
    expect(h.server.store.find('deployments', NAMESPACE, 'resnet18')).toBeUndefined();
  });

  it('refuses a second plan while one runs', async () => {
    const actuator = h.actuator();
    await actuator.submit({ reason: 'a', actions: [{ type: 'create', spec: spec() }, { type: 'await-ready', names: ['resnet18'] }] });
    expect(actuator.status().busy).toBe(true);
    await expect(actuator.submit({ reason: 'b', actions: [] })).rejects.toThrow(/still running/);
    await actuator.whenIdle();
  });
});
