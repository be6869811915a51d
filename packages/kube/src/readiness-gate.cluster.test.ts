import type { ActionPlan } from '@infscale/core';
import type { V1Pod } from '@kubernetes/client-node';
import {
  existingDeployment,
  memoryLogger,
  runPlan,
  startClusterHarness,
  until,
  watchPods,
  type ClusterHarness,
  type HarnessOptions,
  type PodTimingAnnotations,
} from './test-support';
import type { KubernetesActuator } from './actuator';

const GATE = 'infscale.io/resized';

const condition = (pod: V1Pod | undefined, type: string) => pod?.status?.conditions?.find((c) => c.type === type);
const runningCores = (pod: V1Pod | undefined) => pod?.status?.containerStatuses?.[0]?.resources?.limits?.cpu;

/** The user's model deployment at 2 cores; with `gated`, its pods declare the readiness gate. */
async function start(options: HarnessOptions & { timing: PodTimingAnnotations }, gate: string | null = GATE, gated = true) {
  const h = await startClusterHarness({ name: 'readiness-gate', ...options });
  const body = existingDeployment('model', h.namespace, { cores: 2, timing: options.timing });
  if (gated) Object.assign(body.spec.template.spec, { readinessGates: [{ conditionType: GATE }] });
  await h.adminApi.createDeployment(body);
  const config = { template: undefined, targets: ['model'], batchEnv: false, ...(gate ? { resizeReadinessGate: gate } : {}) };
  return { h, actuator: await h.actuator(config) };
}

const awaitReady: ActionPlan = { reason: 'start', actions: [{ type: 'await-ready', names: ['model'] }] };
const resize = (cores: number): ActionPlan => ({ reason: 'deadlines', actions: [{ type: 'resize', name: 'model', cores, mode: 'in-place' }] });
const scaleTo = (replicas: number): ActionPlan => ({ reason: 'one pod is not enough', actions: [{ type: 'scale', name: 'model', replicas }] });

describe('the resize readiness gate, with the real API server deciding Ready', () => {
  let h: ClusterHarness;
  afterEach(() => h.close());

  const pods = () => h.pods('model');
  const podNames = async () => (await pods()).map((p) => p.metadata!.name!);
  const podNamed = async (name: string) => (await pods()).find((p) => p.metadata?.name === name);
  const statusPatches = () => h.proxy.requests.filter((r) => r.path.endsWith('/status'));
  const gateStatuses = (pod: string) =>
    statusPatches()
      .filter((r) => r.path.includes(`/pods/${pod}/`))
      .map((r) => (r.body as { status: { conditions: { status: string }[] } }).status.conditions[0]!.status);
  const ours = async () => (await h.events()).filter((e) => e.source?.component === 'infscale-infadapter');

  /** One running pod, let in, resized in place to `cores` (the template stays at 2). */
  async function resizedTo(actuator: KubernetesActuator, cores: number) {
    expect(await runPlan(actuator, awaitReady)).toEqual({ busy: false });
    expect(await runPlan(actuator, resize(cores))).toEqual({ busy: false });
    return (await podNames())[0]!;
  }

  it('scale-out: the new pod is held False (ResizePending), so not Ready, until its resize is done, then True', async () => {
    // Ready after 200 ms, the resize takes 3 s: without the gate the pod would serve at 2 cores meanwhile. The resize's
    // clock can start before the container does, so it is long enough that a loaded machine (CI's two cores running
    // several control planes) still shows the pod ready at 2 cores before it ends; with 1.5 s it once did not.
    let actuator: KubernetesActuator;
    ({ h, actuator } = await start({ timing: { readyDelayMs: 200, resizeDelayMs: 3_000 } }));
    const first = await resizedTo(actuator, 4);
    expect(condition(await podNamed(first), GATE)).toMatchObject({ status: 'True', reason: 'Resized' });
    // Every state of the new pod while the scale step ran, as the API server streamed it.
    const seen: { gate?: string; reason?: string; ready?: string; containersReady?: string; cores?: string }[] = [];
    const stop = await watchPods(h.cp.kubeConfig, h.namespace, (_, p) => {
      if (p.metadata?.name === first || !p.spec?.nodeName) return;
      seen.push({
        gate: condition(p, GATE)?.status,
        reason: condition(p, GATE)?.reason,
        ready: condition(p, 'Ready')?.status,
        containersReady: condition(p, 'ContainersReady')?.status,
        cores: runningCores(p),
      });
    });
    try {
      expect(await runPlan(actuator, scaleTo(2))).toEqual({ busy: false });
    } finally {
      stop();
    }
    const added = (await podNames()).find((n) => n !== first)!;
    // Its containers were ready at 2 cores, yet the pod was not Ready: the gate was False.
    const underSized = seen.filter((s) => s.cores === '2' && s.containersReady === 'True');
    expect(underSized.length).toBeGreaterThan(0);
    expect(underSized.every((s) => s.ready === 'False')).toBe(true);
    expect(underSized.filter((s) => s.gate !== undefined).every((s) => s.gate === 'False' && s.reason === 'ResizePending')).toBe(true);
    expect(seen.filter((s) => s.ready === 'True').every((s) => s.cores === '4')).toBe(true);
    expect(condition(await podNamed(added), GATE)).toMatchObject({ status: 'True', reason: 'Resized', message: 'runs with 4 cores' });
    expect((await pods()).map(runningCores)).toEqual(['4', '4']);
    await until('both pods Ready', async () => ((await actuator.current()).deployments[0]?.readyReplicas === 2 ? true : undefined));
    expect((await actuator.current()).deployments[0]).toMatchObject({ replicas: 2, readyReplicas: 2, cores: 4 });
    // Strategic merge patches of pods/status, and none on the first pod, which was let in before.
    expect(
      statusPatches()
        .filter((r) => r.path.includes(added))
        .map((r) => [r.method, r.contentType, r.code]),
    ).toEqual([
      ['PATCH', 'application/strategic-merge-patch+json', 200],
      ['PATCH', 'application/strategic-merge-patch+json', 200],
    ]);
    expect(gateStatuses(added)).toEqual(['False', 'True']);
  });

  it('a pod that already serves keeps True through a later in-place resize (no status patch)', async () => {
    let actuator: KubernetesActuator;
    ({ h, actuator } = await start({ timing: { resizeDelayMs: 1_000 } }));
    const first = await resizedTo(actuator, 4);
    const before = statusPatches().length;
    const ready: string[] = [];
    const stop = await watchPods(h.cp.kubeConfig, h.namespace, (_, p) => void ready.push(String(condition(p, 'Ready')?.status)));
    try {
      expect(await runPlan(actuator, resize(6))).toEqual({ busy: false });
    } finally {
      stop();
    }
    expect(statusPatches()).toHaveLength(before);
    expect(new Set(ready)).toEqual(new Set(['True']));
    expect(condition(await podNamed(first), GATE)).toMatchObject({ status: 'True' });
  });

  it('a new pod that starts at the decided cores is let in at once: True, no pods/resize', async () => {
    let actuator: KubernetesActuator;
    ({ h, actuator } = await start({ timing: { resizeDelayMs: 0 } }));
    expect(await runPlan(actuator, awaitReady)).toEqual({ busy: false }); // the first pod: let in by await-ready
    expect(condition((await pods())[0], GATE)).toMatchObject({ status: 'True', reason: 'Resized', message: 'runs with 2 cores' });
    expect(await runPlan(actuator, scaleTo(3))).toEqual({ busy: false });
    expect((await pods()).map((p) => condition(p, GATE)?.status)).toEqual(['True', 'True', 'True']);
    expect(h.proxy.requests.filter((r) => r.path.endsWith('/resize'))).toEqual([]);
    expect(statusPatches().every((r) => (r.body as { status: { conditions: { status: string }[] } }).status.conditions[0]!.status === 'True')).toBe(true);
    await until('three Ready pods', async () => ((await actuator.current()).deployments[0]?.readyReplicas === 3 ? true : undefined));
  });

  it("a resize the API server refuses (beyond the new pod's node) leaves the new pod False with the reason, in the event and lastError", async () => {
    let actuator: KubernetesActuator;
    ({ h, actuator } = await start({ nodes: [{ cpu: '7', suffix: 'big' }], timing: { resizeDelayMs: 0 } }));
    const first = await resizedTo(actuator, 6);
    await h.ns.addNode({ cpu: '4', suffix: 'small' });
    const status = await runPlan(actuator, scaleTo(2));
    const added = (await podNames()).find((n) => n !== first)!;
    const refusal = "node didn't have enough allocatable resources: cpu, requested: 6000, allocatable: 4000 (refused by the API server)";
    expect(status.lastError).toBe(
      `step 0 (scale): In-place resize of new pods to 6 cores infeasible on ${added}: ${refusal}; readiness gate ${GATE} left False on ${added}: no Service traffic until they run with 6 cores`,
    );
    expect(condition(await podNamed(added), GATE)).toMatchObject({
      status: 'False',
      reason: 'ResizeInfeasible',
      message: `resize to 6 cores infeasible: ${refusal}`,
    });
    expect(condition(await podNamed(added), 'Ready')).toMatchObject({ status: 'False', reason: 'ReadinessGatesNotReady' });
    expect((await ours()).find((e) => e.reason === 'ResizeInfeasible')?.message).toContain(`readiness gate ${GATE} left False on ${added}`);
    // Between plans the gate stays shut on it (the sweep writes nothing new) and the old pod serves.
    const before = statusPatches().length;
    expect((await actuator.current()).deployments[0]).toMatchObject({ replicas: 2, readyReplicas: 1, resize: 'infeasible' });
    expect(statusPatches()).toHaveLength(before);
  });

  it('the restart fallback: the serving pod keeps True until replaced; the replacement, started at the new cores, is let in', async () => {
    let actuator: KubernetesActuator;
    ({ h, actuator } = await start({ nodes: [{ cpu: '4', suffix: 'small' }], timing: { resizeDelayMs: 0 } }));
    expect(await runPlan(actuator, awaitReady)).toEqual({ busy: false });
    const big = await h.ns.addNode({ cpu: '10', suffix: 'big' });
    const [old] = await podNames();
    const status = await runPlan(actuator, {
      reason: 'deadlines',
      actions: [
        { type: 'resize', name: 'model', cores: 6, mode: 'in-place-or-restart' },
        { type: 'await-ready', names: ['model'] },
      ],
    });
    expect(status).toEqual({ busy: false });
    const now = await pods();
    expect(now.map((p) => p.metadata?.name)).not.toContain(old);
    expect(now).toHaveLength(1);
    expect(now[0]?.spec?.nodeName).toBe(big);
    expect(condition(now[0], GATE)).toMatchObject({ status: 'True', reason: 'Resized', message: 'runs with 6 cores' });
    // The old pod served until replaced: the gate never took it out (no False, so no note in the event).
    expect(gateStatuses(old!)).toEqual(['True']);
    expect((await ours()).find((e) => e.reason === 'ResizeInfeasible')?.message).toMatch(
      /allocatable: 4000 \(refused by the API server\); falling back to a rolling restart$/,
    );
  });

  it('between plans: a pod recreated from the template (eviction) is resized and then let in by current()', async () => {
    let actuator: KubernetesActuator;
    ({ h, actuator } = await start({ timing: { resizeDelayMs: 1_000 } }));
    const evicted = await resizedTo(actuator, 4);
    await h.core.deleteNamespacedPod({ name: evicted, namespace: h.namespace });
    // The ReplicaSet controller recreates it at 2 cores, the scheduler binds it.
    const fresh = await until(
      'the replacement pod on a node',
      async () => (await pods()).find((p) => p.metadata?.name !== evicted && p.spec?.nodeName)?.metadata?.name,
    );
    await actuator.current(); // the sweep resizes it and holds it
    expect(condition(await podNamed(fresh), GATE)).toMatchObject({ status: 'False', reason: 'ResizePending' });
    await until('the sweep to let it in once it runs with 4 cores', async () => {
      await actuator.current();
      return condition(await podNamed(fresh), GATE)?.status === 'True' ? true : undefined;
    });
    expect(condition(await podNamed(fresh), GATE)).toMatchObject({ status: 'True', reason: 'Resized' });
    expect(runningCores(await podNamed(fresh))).toBe('4');
  });

  it('off: no pods/status call at all, and the pods of a template without the gate are Ready as before', async () => {
    let actuator: KubernetesActuator;
    ({ h, actuator } = await start({ timing: { readyDelayMs: 200, resizeDelayMs: 1_000 } }, null, false));
    await resizedTo(actuator, 4);
    expect(await runPlan(actuator, scaleTo(2))).toEqual({ busy: false });
    await actuator.current();
    expect((await pods()).map(runningCores)).toEqual(['4', '4']);
    expect(statusPatches()).toEqual([]);
    expect((await pods()).every((p) => condition(p, GATE) === undefined)).toBe(true);
  });

  it('a dry run only logs the status patches it would send', async () => {
    ({ h } = await start({ timing: { resizeDelayMs: 0 } }));
    const dry = await h.actuator(
      { template: undefined, targets: ['model'], batchEnv: false, resizeReadinessGate: GATE, dryRun: true },
      { logger: memoryLogger() },
    );
    await runPlan(dry, resize(4));
    await dry.current();
    expect(statusPatches()).toEqual([]);
  });
});
