import type { DeploymentSpec } from '@infscale/core';
import { runPlan, startClusterHarness, until, type ClusterHarness } from './test-support';
import { BATCH_ENV, ROUTING_CONFIGMAP } from './conventions';

const spec = (over: Partial<DeploymentSpec> = {}): DeploymentSpec => ({
  name: 'resnet18',
  variant: 'resnet18',
  stage: 'main',
  replicas: 2,
  cores: 2,
  batch: 1,
  ...over,
});

describe('KubernetesActuator against the real API server and controllers', () => {
  let h: ClusterHarness;
  beforeEach(async () => {
    h = await startClusterHarness({ name: 'actuator', timing: { readyDelayMs: 500 } });
  });
  afterEach(() => h.close());

  it('creates a deployment from the template, waits until ready and reports it', async () => {
    const actuator = await h.actuator();
    const started = Date.now();
    const status = await runPlan(actuator, {
      reason: 'start',
      actions: [
        { type: 'create', spec: spec() },
        { type: 'await-ready', names: ['resnet18'] },
      ],
    });
    expect(status).toEqual({ busy: false });
    // The stand-in kubelet made the pods ready after their 500 ms, and the step waited for that.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    const state = await actuator.current();
    expect(state.deployments).toEqual([{ ...spec(), readyReplicas: 2, actualCores: 2 }]);
    const container = (await h.deployment('resnet18'))!.spec!.template.spec!.containers[0]!;
    expect(container.image).toBe('registry.local/resnet18:1');
    expect(container.resources).toEqual({ requests: { cpu: '2', memory: '2Gi' }, limits: { cpu: '2', memory: '2Gi' } });
    expect(container.resizePolicy).toEqual([{ resourceName: 'cpu', restartPolicy: 'NotRequired' }]);
    expect(container.env).toContainEqual({ name: BATCH_ENV, value: '1' });
    // The real ReplicaSet controller made the pods, the scheduler placed them on the namespace's node.
    expect((await h.pods('resnet18')).map((p) => [p.spec?.nodeName, p.status?.phase])).toEqual([
      [h.ns.nodes[0], 'Running'],
      [h.ns.nodes[0], 'Running'],
    ]);
  });

  it('scales through the scale subresource and deletes; the garbage collector removes the pods', async () => {
    const actuator = await h.actuator();
    await runPlan(actuator, { reason: 'start', actions: [{ type: 'create', spec: spec({ replicas: 1 }) }] });
    await runPlan(actuator, {
      reason: 'load rose',
      actions: [
        { type: 'scale', name: 'resnet18', replicas: 3 },
        { type: 'await-ready', names: ['resnet18'] },
      ],
    });
    expect(
      h.proxy.requests.some(
        (r) => r.method === 'PATCH' && r.path.endsWith('/deployments/resnet18/scale') && r.contentType === 'application/merge-patch+json' && r.code === 200,
      ),
    ).toBe(true);
    expect((await actuator.current()).deployments[0]).toMatchObject({ replicas: 3, readyReplicas: 3 });
    expect(await h.pods('resnet18')).toHaveLength(3);

    await runPlan(actuator, { reason: 'variant retired', actions: [{ type: 'delete', name: 'resnet18' }] });
    expect((await actuator.current()).deployments).toEqual([]);
    await until('the pods to be gone', async () => ((await h.pods('resnet18')).length === 0 ? true : undefined));
  });

  it('sets the batch size through the env var (a rollout) and reports it', async () => {
    const actuator = await h.actuator();
    await runPlan(actuator, { reason: 'start', actions: [{ type: 'create', spec: spec() }] });
    const status = await runPlan(actuator, {
      reason: 'batch',
      actions: [
        { type: 'set-batch', name: 'resnet18', batch: 8 },
        { type: 'await-ready', names: ['resnet18'] },
      ],
    });
    expect(status.lastError).toBeUndefined();
    expect((await actuator.current()).deployments[0]).toMatchObject({ batch: 8, readyReplicas: 2 });
  });

  it('runs a make-before-break plan: create, ready, route, delete', async () => {
    const actuator = await h.actuator();
    await runPlan(actuator, {
      reason: 'start',
      actions: [
        { type: 'create', spec: spec({ name: 'resnet152', variant: 'resnet152', cores: 4 }) },
        { type: 'route', routing: { stage: 'main', weights: { resnet152: 1 } } },
      ],
    });
    const from = h.proxy.requests.length;
    const status = await runPlan(actuator, {
      reason: 'cheaper variant suffices',
      actions: [
        { type: 'create', spec: spec() },
        { type: 'await-ready', names: ['resnet18'] },
        { type: 'route', routing: { stage: 'main', weights: { resnet18: 3 } } },
        { type: 'delete', name: 'resnet152' },
      ],
    });
    expect(status).toEqual({ busy: false });
    // A DELETE whose resourceVersion precondition met a status write of the deployment controller is a 409, then retried.
    const writes = h.proxy.requests
      .slice(from)
      .filter((r) => r.method !== 'GET' && !r.path.includes('/events') && !(r.method === 'DELETE' && r.code === 409))
      .map((r) => `${r.method} ${r.path.split('/').slice(-2).join('/')} ${r.code}`);
    expect(writes).toEqual([`POST ${h.namespace}/deployments 201`, `PATCH configmaps/${ROUTING_CONFIGMAP} 200`, 'DELETE deployments/resnet152 200']);
    const state = await actuator.current();
    expect(state.deployments.map((d) => d.name)).toEqual(['resnet18']);
    expect(state.routing).toEqual([{ stage: 'main', weights: { resnet18: 3 } }]);
  });

  it('reports a failed step in status and stops the plan', async () => {
    const actuator = await h.actuator();
    const status = await runPlan(actuator, {
      reason: 'x',
      actions: [
        { type: 'scale', name: 'missing', replicas: 2 },
        { type: 'create', spec: spec() },
      ],
    });
    expect(status.busy).toBe(false);
    expect(status.lastError).toMatch(/step 0 \(scale\): 404: deployments.apps "missing" not found/);
    expect(await h.deployment('resnet18')).toBeUndefined();
  });

  it('refuses a second plan while one runs', async () => {
    const actuator = await h.actuator();
    await actuator.submit({
      reason: 'a',
      actions: [
        { type: 'create', spec: spec() },
        { type: 'await-ready', names: ['resnet18'] },
      ],
    });
    expect(actuator.status().busy).toBe(true);
    await expect(actuator.submit({ reason: 'b', actions: [] })).rejects.toThrow(/still running/);
    await actuator.whenIdle();
  });
});
