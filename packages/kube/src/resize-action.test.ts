import type { ActionPlan, DeploymentSpec, ResizeMode } from '@infscale/core';
import { NAMESPACE, runPlan, spongeSpec, startHarness } from './test-support/harness';

type Harness = Awaited<ReturnType<typeof startHarness>>;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const spec = spongeSpec;
const run = runPlan;

const resize = (cores: number, mode: ResizeMode): ActionPlan => ({ reason: 'deadline pressure', actions: [{ type: 'resize', name: 'sponge', cores, mode }] });

function pods(h: Harness): Obj[] {
  return h.server.store.list('pods', NAMESPACE) as Obj[];
}

function eventReasons(h: Harness): string[] {
  return h.server.store.list('events', NAMESPACE).map((e) => `${e.type as string}/${e.reason as string}`);
}

async function started(h: Harness, over: Partial<DeploymentSpec> = {}) {
  const actuator = h.actuator();
  await run(actuator, { reason: 'start', actions: [{ type: 'create', spec: spec(over) }, { type: 'await-ready', names: ['sponge'] }] });
  return actuator;
}

describe('resize', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('in place: patches pods/resize, follows it to completion, keeps the pod and its template', async () => {
    h = await startHarness({ readyDelayMs: 1_000, resizeDelayMs: 3_000 });
    const actuator = await started(h);
    const before = pods(h)[0]!;
    const templateBefore = JSON.stringify(h.server.store.find('deployments', NAMESPACE, 'sponge')!.spec);
    const status = await run(actuator, resize(4, 'in-place'));
    expect(status).toEqual({ busy: false });
    const after = pods(h)[0]!;
    expect(after.metadata.name).toBe(before.metadata.name); // same pod, not restarted
    expect(after.status.containerStatuses[0].resources.limits.cpu).toBe('4');
    expect(after.status.conditions.map((c: Obj) => c.type)).not.toContain('PodResizeInProgress');
    expect(after.status.observedGeneration).toBe(after.metadata.generation);
    const resizeCall = h.server.requests.find((r) => r.path.endsWith('/resize'))!;
    expect(resizeCall.contentType).toBe('application/strategic-merge-patch+json');
    expect(JSON.stringify(h.server.store.find('deployments', NAMESPACE, 'sponge')!.spec)).toBe(templateBefore); // no rollout
    expect((await actuator.current()).deployments[0]).toMatchObject({ cores: 4, actualCores: 4 });
    expect(eventReasons(h)).toContain('Normal/SuccessfulResize');
  });

  it('in place: waits while Deferred and succeeds once the node has room', async () => {
    h = await startHarness({ readyDelayMs: 0, resizeDelayMs: 0, nodes: [{ name: 'node-1', cpu: 6 }] });
    const actuator = await started(h);
    // Another pod takes 3 of the node's 6 cores: growing to 4 must wait.
    await run(actuator, { reason: 'other', actions: [{ type: 'create', spec: spec({ name: 'other', cores: 3 }) }] });
    let deferredSeen = false;
    h.server.onRequest((r) => {
      const pod = pods(h).find((p) => p.metadata.name.startsWith('sponge-'));
      if (pod?.status.conditions.some((c: Obj) => c.type === 'PodResizePending' && c.reason === 'Deferred')) {
        deferredSeen = true;
        // The other deployment goes away while we wait (on the next list of pods).
        if (r.method === 'GET' && r.path.endsWith('/pods')) h.server.store.delete({ resource: 'deployments', group: 'apps', kind: 'Deployment' }, NAMESPACE, 'other');
      }
    });
    const status = await run(actuator, resize(4, 'in-place'));
    expect(deferredSeen).toBe(true);
    expect(status).toEqual({ busy: false });
    expect(pods(h).find((p) => p.metadata.name.startsWith('sponge-'))!.status.containerStatuses[0].resources.requests.cpu).toBe('4');
  });

  it('in place: a Deferred resize that waits too long is reported and the pod left alone', async () => {
    h = await startHarness({ readyDelayMs: 0, resizeDelayMs: 0, nodes: [{ name: 'node-1', cpu: 6 }] });
    const actuator = await started(h);
    await run(actuator, { reason: 'other', actions: [{ type: 'create', spec: spec({ name: 'other', cores: 3 }) }] });
    const status = await run(actuator, resize(4, 'in-place'));
    expect(status.lastError).toMatch(/In-place resize to 4 cores deferred-too-long .*Node didn't have enough resource: cpu/);
    expect(h.slept.slice(-30).every((ms) => ms === 1_000)).toBe(true); // polled until the 30 s deferral timeout
    expect(eventReasons(h)).toContain('Warning/ResizeDeferred');
  });

  it('in place: Infeasible is reported at once and the pod keeps its cores', async () => {
    h = await startHarness({ readyDelayMs: 0, resizeDelayMs: 0, nodes: [{ name: 'node-1', cpu: 8 }] });
    const actuator = await started(h);
    const status = await run(actuator, resize(12, 'in-place'));
    expect(status.lastError).toMatch(/infeasible .*Node didn't have enough capacity: cpu, requested: 12000, capacity: 8000/);
    const pod = pods(h)[0]!;
    expect(pod.status.containerStatuses[0].resources.limits.cpu).toBe('2');
    expect(h.slept).toHaveLength(0); // no waiting for something that cannot happen
    expect(eventReasons(h)).toContain('Warning/ResizeInfeasible');
    expect((await actuator.current()).deployments[0]).toMatchObject({ resize: 'infeasible', actualCores: 2 });
  });

  it('in-place-or-restart: falls back to a rolling restart when Infeasible', async () => {
    h = await startHarness({ readyDelayMs: 0, resizeDelayMs: 0, nodes: [{ name: 'small', cpu: 4 }, { name: 'big', cpu: 16 }] });
    const actuator = await started(h);
    expect(pods(h)[0]!.spec.nodeName).toBe('small');
    const status = await run(actuator, { ...resize(8, 'in-place-or-restart'), actions: [...resize(8, 'in-place-or-restart').actions, { type: 'await-ready', names: ['sponge'] }] });
    expect(status).toEqual({ busy: false });
    const [pod] = pods(h);
    expect(pod!.spec.nodeName).toBe('big');
    expect(pod!.spec.containers[0].resources).toEqual({ requests: { cpu: '8', memory: '2Gi' }, limits: { cpu: '8', memory: '2Gi' } });
    expect(eventReasons(h)).toEqual(expect.arrayContaining(['Warning/ResizeInfeasible', 'Normal/SuccessfulRestart']));
    expect((await actuator.current()).deployments[0]).toMatchObject({ cores: 8, actualCores: 8, readyReplicas: 1 });
  });

  it('restart: patches the template, which rolls the pods', async () => {
    h = await startHarness({ readyDelayMs: 1_000 });
    const actuator = await started(h);
    const before = pods(h)[0]!.metadata.name;
    const status = await run(actuator, { reason: 'r', actions: [{ type: 'resize', name: 'sponge', cores: 3, mode: 'restart' }, { type: 'await-ready', names: ['sponge'] }] });
    expect(status).toEqual({ busy: false });
    expect(pods(h).map((p) => p.metadata.name)).not.toContain(before);
    expect(h.server.requests.some((r) => r.path.endsWith('/resize'))).toBe(false);
  });
});
