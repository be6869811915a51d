import type { ActionPlan } from '@infscale/core';
import type { KubernetesActuator } from './actuator';
import { parseKubeActuatorConfig } from './config';
import { ClientNodeKubeApi } from './kube-client';
import { existingDeployment } from './test-support/existing-deployment';
import { baseConfig, NAMESPACE, runPlan, startHarness } from './test-support/harness';
import type { FakeApiServerOptions } from './test-support/fake-apiserver';

type Harness = Awaited<ReturnType<typeof startHarness>>;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const GATE = 'infscale.io/resized';

const pods = (h: Harness) => (h.server.store.list('pods', NAMESPACE) as Obj[]).filter((p) => !p.metadata.deletionTimestamp);
const podNames = (h: Harness) => pods(h).map((p) => p.metadata.name as string).sort();
const condition = (pod: Obj, type: string) => ((pod.status?.conditions ?? []) as Obj[]).find((c) => c.type === type);
const gateOf = (h: Harness, name: string) => condition(pods(h).find((p) => p.metadata.name === name)!, GATE);
const statusPatches = (h: Harness) => h.server.requests.filter((r) => r.path.endsWith('/status'));
const events = (h: Harness) => h.server.store.list('events', NAMESPACE) as Obj[];
const runningCores = (pod: Obj) => pod.status?.containerStatuses?.[0]?.resources?.limits?.cpu as string | undefined;

/** The user's model deployment at 2 cores; with `gated`, its pods declare the readiness gate. */
async function start(options: FakeApiServerOptions, gate: string | null = GATE, gated = true) {
  const h = await startHarness(options);
  const body = existingDeployment('model', NAMESPACE, { cores: 2 }) as Obj;
  if (gated) body.spec.template.spec.readinessGates = [{ conditionType: GATE }];
  await new ClientNodeKubeApi(h.server.kubeConfig(NAMESPACE), NAMESPACE).createDeployment(body);
  const config = { template: undefined, targets: ['model'], batchEnv: false, ...(gate ? { resizeReadinessGate: gate } : {}) };
  return { h, actuator: h.actuator(config) };
}

const awaitReady: ActionPlan = { reason: 'start', actions: [{ type: 'await-ready', names: ['model'] }] };
const resize = (cores: number, mode: 'in-place' | 'in-place-or-restart' = 'in-place'): ActionPlan => ({ reason: 'deadlines', actions: [{ type: 'resize', name: 'model', cores, mode }] });
const scaleTo = (replicas: number): ActionPlan => ({ reason: 'one pod is not enough', actions: [{ type: 'scale', name: 'model', replicas }] });

/** One running pod, let in, resized in place to `cores` (the template stays at 2). */
async function resizedTo(h: Harness, actuator: KubernetesActuator, cores: number) {
  expect(await runPlan(actuator, awaitReady)).toEqual({ busy: false });
  expect(await runPlan(actuator, resize(cores))).toEqual({ busy: false });
  return podNames(h)[0]!;
}

describe('config resizeReadinessGate', () => {
  it('is a qualified-name config key, off by default', () => {
    expect(parseKubeActuatorConfig(baseConfig).resizeReadinessGate).toBeUndefined();
    expect(parseKubeActuatorConfig({ ...baseConfig, resizeReadinessGate: GATE }).resizeReadinessGate).toBe(GATE);
    expect(() => parseKubeActuatorConfig({ ...baseConfig, resizeReadinessGate: 'not a name' })).toThrow(/resizeReadinessGate: must be a qualified name/);
  });
});

describe('the resize readiness gate', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('scale-out: the new pod is held False (ResizePending), out of its Service, until its resize is done, then True', async () => {
    // Ready after 1 s, resize takes 5 s: without the gate the pod would serve at 2 cores for 4 s.
    let actuator: KubernetesActuator;
    ({ h, actuator } = await start({ readyDelayMs: 1_000, resizeDelayMs: 5_000 }));
    const first = await resizedTo(h, actuator, 4);
    expect(gateOf(h, first)).toMatchObject({ status: 'True', reason: 'Resized' });
    // What the new pod looked like at every request while the scale step ran.
    const seen: { gate?: string; reason?: string; ready?: string; containersReady?: string; cores?: string }[] = [];
    h.server.onRequest(() => {
      const added = pods(h).find((p) => p.metadata.name !== first);
      if (added?.spec.nodeName) {
        seen.push({
          gate: condition(added, GATE)?.status,
          reason: condition(added, GATE)?.reason,
          ready: condition(added, 'Ready')?.status,
          containersReady: condition(added, 'ContainersReady')?.status,
          cores: runningCores(added),
        });
      }
    });
    expect(await runPlan(actuator, scaleTo(2))).toEqual({ busy: false });
    const added = podNames(h).find((n) => n !== first)!;
    // Its containers were ready at 2 cores, yet the pod was not Ready: the gate was False.
    const underSized = seen.filter((s) => s.cores === '2' && s.containersReady === 'True');
    expect(underSized.length).toBeGreaterThan(0);
    expect(underSized.every((s) => s.gate === 'False' && s.reason === 'ResizePending' && s.ready === 'False')).toBe(true);
    expect(seen.filter((s) => s.ready === 'True').every((s) => s.cores === '4')).toBe(true);
    expect(gateOf(h, added)).toMatchObject({ status: 'True', reason: 'Resized', message: 'runs with 4 cores' });
    expect(pods(h).map(runningCores)).toEqual(['4', '4']);
    h.clock.advance(1_000);
    expect((await actuator.current()).deployments[0]).toMatchObject({ replicas: 2, readyReplicas: 2, cores: 4 });
    // Strategic merge patches of pods/status, and none on the first pod, which was let in before.
    const added_ = statusPatches(h).filter((r) => r.path.includes(added));
    expect(added_.map((r) => [r.method, r.contentType, (r.body as Obj).status.conditions[0].status])).toEqual([
      ['PATCH', 'application/strategic-merge-patch+json', 'False'],
      ['PATCH', 'application/strategic-merge-patch+json', 'True'],
    ]);
  });

  it('a pod that already serves keeps True through a later in-place resize (no status patch)', async () => {
    let actuator: KubernetesActuator;
    ({ h, actuator } = await start({ readyDelayMs: 0, resizeDelayMs: 3_000 }));
    const first = await resizedTo(h, actuator, 4);
    const before = statusPatches(h).length;
    const ready: string[] = [];
    h.server.onRequest(() => ready.push(condition(pods(h)[0]!, 'Ready')?.status as string));
    expect(await runPlan(actuator, resize(6))).toEqual({ busy: false });
    expect(statusPatches(h)).toHaveLength(before);
    expect(new Set(ready)).toEqual(new Set(['True']));
    expect(gateOf(h, first)).toMatchObject({ status: 'True' });
  });

  it('a new pod that starts at the decided cores is let in at once: True, no pods/resize', async () => {
    let actuator: KubernetesActuator;
    ({ h, actuator } = await start({ readyDelayMs: 0, resizeDelayMs: 0 }));
    expect(await runPlan(actuator, awaitReady)).toEqual({ busy: false }); // the first pod: let in by await-ready
    expect(gateOf(h, podNames(h)[0]!)).toMatchObject({ status: 'True', reason: 'Resized', message: 'runs with 2 cores' });
    expect(await runPlan(actuator, scaleTo(3))).toEqual({ busy: false });
    expect(pods(h).map((p) => condition(p, GATE)?.status)).toEqual(['True', 'True', 'True']);
    expect(h.server.requests.filter((r) => r.path.endsWith('/resize'))).toEqual([]);
    expect(statusPatches(h).every((r) => (r.body as Obj).status.conditions[0].status === 'True')).toBe(true);
    expect((await actuator.current()).deployments[0]).toMatchObject({ replicas: 3, readyReplicas: 3 });
  });

  it('an infeasible resize leaves the new pod False with the reason, and says so in the event and lastError', async () => {
    let actuator: KubernetesActuator;
    ({ h, actuator } = await start({ readyDelayMs: 0, resizeDelayMs: 0, nodes: [{ name: 'big', cpu: 7 }, { name: 'small', cpu: 4 }] }));
    const first = await resizedTo(h, actuator, 6);
    const status = await runPlan(actuator, scaleTo(2));
    const added = podNames(h).find((n) => n !== first)!;
    expect(status.lastError).toBe(
      `step 0 (scale): In-place resize of new pods to 6 cores infeasible on ${added}: Node didn't have enough capacity: cpu, requested: 6000, capacity: 4000; ` +
        `readiness gate ${GATE} left False on ${added}: no Service traffic until they run with 6 cores`,
    );
    expect(gateOf(h, added)).toMatchObject({
      status: 'False',
      reason: 'ResizeInfeasible',
      message: "resize to 6 cores infeasible: Node didn't have enough capacity: cpu, requested: 6000, capacity: 4000",
    });
    expect(condition(pods(h).find((p) => p.metadata.name === added)!, 'Ready')).toMatchObject({ status: 'False', reason: 'ReadinessGatesNotReady' });
    expect(events(h).find((e) => e.reason === 'ResizeInfeasible')?.message).toContain(`readiness gate ${GATE} left False on ${added}`);
    // Between plans the gate stays shut on it (the sweep writes nothing new) and the old pod serves.
    const before = statusPatches(h).length;
    expect((await actuator.current()).deployments[0]).toMatchObject({ replicas: 2, readyReplicas: 1, resize: 'infeasible' });
    expect(statusPatches(h)).toHaveLength(before);
  });

  it('the restart fallback: the serving pod keeps True until replaced; the replacement, started at the new cores, is let in', async () => {
    let actuator: KubernetesActuator;
    ({ h, actuator } = await start({ readyDelayMs: 0, resizeDelayMs: 0, nodes: [{ name: 'small', cpu: 4 }, { name: 'big', cpu: 10 }] }));
    expect(await runPlan(actuator, awaitReady)).toEqual({ busy: false });
    const [old] = podNames(h);
    const status = await runPlan(actuator, { reason: 'deadlines', actions: [{ type: 'resize', name: 'model', cores: 6, mode: 'in-place-or-restart' }, { type: 'await-ready', names: ['model'] }] });
    expect(status).toEqual({ busy: false });
    expect(podNames(h)).not.toContain(old);
    expect(pods(h)).toHaveLength(1);
    expect(pods(h)[0]).toMatchObject({ spec: { nodeName: 'big' } });
    expect(condition(pods(h)[0]!, GATE)).toMatchObject({ status: 'True', reason: 'Resized', message: 'runs with 6 cores' });
    // The old pod served until replaced: the gate never took it out (no False, so no note in the event).
    expect(statusPatches(h).filter((r) => r.path.includes(old!)).map((r) => (r.body as Obj).status.conditions[0].status)).toEqual(['True']);
    expect(events(h).find((e) => e.reason === 'ResizeInfeasible')?.message).toMatch(/capacity: 4000; falling back to a rolling restart$/);
  });

  it('between plans: a pod recreated from the template (eviction) is resized and then let in by current()', async () => {
    let actuator: KubernetesActuator;
    ({ h, actuator } = await start({ readyDelayMs: 0, resizeDelayMs: 2_000 }));
    const evicted = await resizedTo(h, actuator, 4);
    h.server.store.delete({ resource: 'pods', group: '', kind: 'Pod' }, NAMESPACE, evicted);
    await actuator.current(); // the controller recreates it at 2 cores; the sweep resizes it and holds it
    const [fresh] = podNames(h);
    expect(fresh).not.toBe(evicted);
    expect(gateOf(h, fresh!)).toMatchObject({ status: 'False', reason: 'ResizePending' });
    h.clock.advance(2_000);
    await actuator.current();
    expect(gateOf(h, fresh!)).toMatchObject({ status: 'True', reason: 'Resized' });
    expect(runningCores(pods(h)[0]!)).toBe('4');
  });

  it('off: no pods/status call at all, and the pods of a template without the gate are Ready as before', async () => {
    let actuator: KubernetesActuator;
    ({ h, actuator } = await start({ readyDelayMs: 1_000, resizeDelayMs: 5_000 }, null, false));
    await resizedTo(h, actuator, 4);
    expect(await runPlan(actuator, scaleTo(2))).toEqual({ busy: false });
    await actuator.current();
    expect(pods(h).map(runningCores)).toEqual(['4', '4']);
    expect(statusPatches(h)).toEqual([]);
    expect(pods(h).every((p) => condition(p, GATE) === undefined)).toBe(true);
  });

  it('a dry run only logs the status patches it would send', async () => {
    ({ h } = await start({ readyDelayMs: 0, resizeDelayMs: 0 }));
    const dry = h.actuator({ template: undefined, targets: ['model'], batchEnv: false, resizeReadinessGate: GATE, dryRun: true });
    await runPlan(dry, resize(4));
    await dry.current();
    expect(statusPatches(h)).toEqual([]);
  });
});
