import type { ActionPlan } from '@infscale/core';
import { NAMESPACE, runPlan, spongeSpec, startHarness } from './test-support/harness';

type Harness = Awaited<ReturnType<typeof startHarness>>;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const spec = spongeSpec;
const run = runPlan;

const pods = (h: Harness) => (h.server.store.list('pods', NAMESPACE) as Obj[]).filter((p) => p.metadata.name.startsWith('sponge-'));
const names = (h: Harness) => pods(h).map((p) => p.metadata.name as string).sort();
const runningCores = (h: Harness) => pods(h).map((p) => p.status.containerStatuses[0].resources.limits.cpu as string);
const events = (h: Harness) => h.server.store.list('events', NAMESPACE) as Obj[];
const resizeCalls = (h: Harness) => h.server.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/resize')).map((r) => r.path.split('/').at(-2));
const templateCpu = (h: Harness) => (h.server.store.find('deployments', NAMESPACE, 'sponge')!.spec as Obj).template.spec.containers[0].resources.limits.cpu;

/** A running deployment of `replicas` pods created at 2 cores, then resized in place to `cores` (template left at 2). */
async function resizedInPlace(h: Harness, cores: number, replicas = 1) {
  const actuator = h.actuator();
  await run(actuator, { reason: 'start', actions: [{ type: 'create', spec: spec({ replicas }) }, { type: 'await-ready', names: ['sponge'] }] });
  const status = await run(actuator, { reason: 'deadlines', actions: [{ type: 'resize', name: 'sponge', cores, mode: 'in-place' }] });
  expect(status).toEqual({ busy: false });
  expect(templateCpu(h)).toBe('2');
  return actuator;
}

const scaleTo = (replicas: number, wait = true): ActionPlan => ({
  reason: 'one pod at its largest size is not enough',
  actions: [{ type: 'scale', name: 'sponge', replicas }, ...(wait ? [{ type: 'await-ready' as const, names: ['sponge'] }] : [])],
});

describe('new pods of a deployment resized in place', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('scale 1 → 3 after an in-place resize: all three pods end at the decided cores, none restarted', async () => {
    h = await startHarness({ readyDelayMs: 2_000, resizeDelayMs: 3_000 });
    const actuator = await resizedInPlace(h, 4);
    const [first] = names(h);
    const status = await run(actuator, scaleTo(3));
    expect(status).toEqual({ busy: false });
    expect(names(h)).toHaveLength(3);
    expect(names(h)).toContain(first);
    expect(runningCores(h)).toEqual(['4', '4', '4']);
    expect(pods(h).every((p) => p.status.containerStatuses[0].restartCount === 0)).toBe(true);
    const added = names(h).filter((n) => n !== first);
    expect(resizeCalls(h).filter((n) => n !== first).sort()).toEqual(added); // one pods/resize per new pod
    expect(templateCpu(h)).toBe('2'); // still no rollout
    expect((await actuator.current()).deployments[0]).toMatchObject({ replicas: 3, readyReplicas: 3, cores: 4, actualCores: 4 });
    const resized = events(h).find((e) => e.reason === 'SuccessfulResize' && String(e.message).startsWith('Resized new pods'));
    expect(resized?.message).toBe(`Resized new pods ${added.join(', ')} in place to 4 cores (the template starts pods at 2); reason: one pod at its largest size is not enough`);
  });

  it('the scale step itself brings the new pods to the decided cores (no await-ready in the plan)', async () => {
    h = await startHarness({ readyDelayMs: 10_000, resizeDelayMs: 1_000 });
    const actuator = await resizedInPlace(h, 6);
    const status = await run(actuator, scaleTo(2, false));
    expect(status).toEqual({ busy: false });
    expect(runningCores(h)).toEqual(['6', '6']);
  });

  it('await-ready counts a pod only once it runs with the decided cores', async () => {
    // Ready after 1 s, resize takes 5 s: readiness alone would end the wait too early.
    h = await startHarness({ readyDelayMs: 1_000, resizeDelayMs: 5_000 });
    const actuator = await resizedInPlace(h, 4, 2);
    const evicted = names(h)[0]!;
    h.server.store.delete({ resource: 'pods', group: '', kind: 'Pod' }, NAMESPACE, evicted); // the controller recreates it from the template
    const sleptBefore = h.slept.length;
    const status = await run(actuator, { reason: 'check', actions: [{ type: 'await-ready', names: ['sponge'] }] });
    expect(status).toEqual({ busy: false });
    expect(h.slept.slice(sleptBefore).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5_000); // waited for the resize, not just the 1 s readiness
    expect(names(h)).not.toContain(evicted);
    expect(runningCores(h)).toEqual(['4', '4']);
  });

  it('Deferred on the new pod: waits, and succeeds once the node has room', async () => {
    h = await startHarness({ readyDelayMs: 0, resizeDelayMs: 0, nodes: [{ name: 'node-1', cpu: 14 }] });
    const actuator = await resizedInPlace(h, 6);
    // Another deployment holds 3 cores: the new pod starts at 2 (11 of 14 used) but cannot grow to 6.
    await run(actuator, { reason: 'other', actions: [{ type: 'create', spec: spec({ name: 'other', cores: 3 }) }] });
    let deferredSeen = false;
    h.server.onRequest((r) => {
      const deferred = pods(h).some((p) => (p.status.conditions ?? []).some((c: Obj) => c.type === 'PodResizePending' && c.reason === 'Deferred'));
      if (!deferred) return;
      deferredSeen = true;
      if (r.method === 'GET' && r.path.endsWith('/pods')) h.server.store.delete({ resource: 'deployments', group: 'apps', kind: 'Deployment' }, NAMESPACE, 'other');
    });
    const status = await run(actuator, scaleTo(2));
    expect(deferredSeen).toBe(true);
    expect(status).toEqual({ busy: false });
    expect(runningCores(h)).toEqual(['6', '6']);
  });

  it('Deferred for too long: reported, and the plan fails with the reason', async () => {
    h = await startHarness({ readyDelayMs: 0, resizeDelayMs: 0, nodes: [{ name: 'node-1', cpu: 14 }] });
    const actuator = await resizedInPlace(h, 6);
    await run(actuator, { reason: 'other', actions: [{ type: 'create', spec: spec({ name: 'other', cores: 3 }) }] });
    const status = await run(actuator, scaleTo(2));
    expect(status.lastError).toMatch(/^step 0 \(scale\): In-place resize of new pods to 6 cores deferred-too-long on sponge-\S+: Node didn't have enough resource: cpu/);
    expect(events(h).map((e) => `${e.type}/${e.reason}`)).toEqual(expect.arrayContaining(['Warning/ResizeDeferred', 'Warning/FailedAction']));
    expect(h.slept.reduce((a, b) => a + b, 0)).toBeLessThan(40_000); // gave up after the 30 s deferral limit
  });

  it('Infeasible on the new pod (its node is too small): reported at once, plan fails cleanly, pod left running', async () => {
    h = await startHarness({ readyDelayMs: 0, resizeDelayMs: 0, nodes: [{ name: 'big', cpu: 7 }, { name: 'small', cpu: 4 }] });
    const actuator = await resizedInPlace(h, 6);
    const slept = h.slept.length;
    const status = await run(actuator, scaleTo(2));
    expect(status.busy).toBe(false);
    expect(status.lastError).toMatch(/^step 0 \(scale\): In-place resize of new pods to 6 cores infeasible on sponge-\S+: Node didn't have enough capacity: cpu, requested: 6000, capacity: 4000$/);
    expect(h.slept.length).toBeLessThanOrEqual(slept + 1); // one poll after the pods/resize, no waiting for what cannot happen
    expect(events(h).filter((e) => e.reason === 'ResizeInfeasible')).toHaveLength(1);
    expect(pods(h).map((p) => p.spec.nodeName).sort()).toEqual(['big', 'small']);
    expect((await actuator.current()).deployments[0]).toMatchObject({ replicas: 2, cores: 6, actualCores: 2, resize: 'infeasible' });
  });

  it('a new pod the scheduler cannot place: await-ready times out naming it', async () => {
    // The pod shrank to 1.5 of the node's 3 cores; a new pod asks the template's 2.
    h = await startHarness({ readyDelayMs: 0, resizeDelayMs: 0, nodes: [{ name: 'node-1', cpu: 3 }] });
    const actuator = await resizedInPlace(h, 1.5);
    const status = await run(actuator, { ...scaleTo(2), actions: [{ type: 'scale', name: 'sponge', replicas: 2 }] });
    expect(status.lastError).toMatch(/new pods of sponge not at their cores after 120000 ms: pod sponge-\S+ not scheduled: 0\/1 nodes are available: Insufficient cpu\./);
  });

  it('pods that start with the right cores are left alone (template = annotation)', async () => {
    h = await startHarness({ readyDelayMs: 0, resizeDelayMs: 0 });
    const actuator = h.actuator();
    await run(actuator, { reason: 'start', actions: [{ type: 'create', spec: spec() }] });
    expect(await run(actuator, scaleTo(3))).toEqual({ busy: false });
    expect(resizeCalls(h)).toEqual([]);
  });
});
