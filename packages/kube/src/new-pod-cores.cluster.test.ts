import type { ActionPlan } from '@infscale/core';
import type { V1Pod } from '@kubernetes/client-node';
import { runPlan, spongeSpec, startClusterHarness, until, type ClusterHarness, type HarnessOptions } from './test-support';

const spec = spongeSpec;
const runningCpu = (p: V1Pod) => p.status?.containerStatuses?.[0]?.resources?.limits?.cpu;

const scaleTo = (replicas: number, wait = true): ActionPlan => ({
  reason: 'one pod at its largest size is not enough',
  actions: [{ type: 'scale', name: 'sponge', replicas }, ...(wait ? [{ type: 'await-ready' as const, names: ['sponge'] }] : [])],
});

describe('new pods of a deployment resized in place', () => {
  let h: ClusterHarness;
  afterEach(() => h.close());

  const names = async () => (await h.pods('sponge')).map((p) => p.metadata!.name!);
  const cores = async () => (await h.pods('sponge')).map(runningCpu);
  const templateCpu = async () => (await h.deployment('sponge'))!.spec!.template.spec!.containers[0]!.resources!.limits!.cpu;
  const resizeCalls = () => h.proxy.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/resize')).map((r) => r.path.split('/').at(-2)!);
  const ours = async () => (await h.events()).filter((e) => e.source?.component === 'infscale-infadapter');

  /** A running deployment of `replicas` pods created at 2 cores, then resized in place to `cores` (template left at 2). */
  async function resizedInPlace(options: HarnessOptions, cores: number, replicas = 1, overrides = {}) {
    h = await startClusterHarness({ name: 'new-pod-cores', ...options });
    const actuator = await h.actuator(overrides);
    expect(
      await runPlan(actuator, {
        reason: 'start',
        actions: [
          { type: 'create', spec: spec({ replicas }) },
          { type: 'await-ready', names: ['sponge'] },
        ],
      }),
    ).toEqual({ busy: false });
    expect(await runPlan(actuator, { reason: 'deadlines', actions: [{ type: 'resize', name: 'sponge', cores, mode: 'in-place' }] })).toEqual({ busy: false });
    expect(await templateCpu()).toBe('2');
    return actuator;
  }

  it('scale 1 → 3 after an in-place resize: all three pods end at the decided cores, none restarted', async () => {
    const actuator = await resizedInPlace({ timing: { readyDelayMs: 300, resizeDelayMs: 600 } }, 4);
    const [first] = await names();
    expect(await runPlan(actuator, scaleTo(3))).toEqual({ busy: false });
    const now = await names();
    expect(now).toHaveLength(3);
    expect(now).toContain(first);
    expect(await cores()).toEqual(['4', '4', '4']);
    expect((await h.pods('sponge')).every((p) => p.status?.containerStatuses?.[0]?.restartCount === 0)).toBe(true);
    const added = now.filter((n) => n !== first);
    expect(
      resizeCalls()
        .filter((n) => n !== first)
        .sort(),
    ).toEqual(added); // one pods/resize per new pod
    expect(await templateCpu()).toBe('2'); // still no rollout
    expect((await actuator.current()).deployments[0]).toMatchObject({ replicas: 3, readyReplicas: 3, cores: 4, actualCores: 4 });
    const resized = (await ours()).find((e) => e.reason === 'SuccessfulResize' && String(e.message).startsWith('Resized new pods'));
    expect(resized?.message).toMatch(
      /^Resized new pods \S+, \S+ in place to 4 cores \(the template starts pods at 2\); reason: one pod at its largest size is not enough$/,
    );
    expect(added.every((n) => resized?.message?.includes(n))).toBe(true);
  });

  it('the scale step itself brings the new pods to the decided cores (no await-ready in the plan)', async () => {
    const actuator = await resizedInPlace({ timing: { readyDelayMs: 1_000, resizeDelayMs: 300 } }, 6);
    expect(await runPlan(actuator, scaleTo(2, false))).toEqual({ busy: false });
    expect(await cores()).toEqual(['6', '6']);
  });

  it('await-ready counts a pod only once it runs with the decided cores', async () => {
    // Ready after 100 ms, the resize takes 1.5 s (unless it reaches the kubelet before the pod starts):
    // readiness alone would end the wait too early.
    const actuator = await resizedInPlace({ timing: { readyDelayMs: 100, resizeDelayMs: 1_500 } }, 4, 2);
    const evicted = (await names())[0]!;
    await h.core.deleteNamespacedPod({ name: evicted, namespace: h.namespace }); // the ReplicaSet controller recreates it from the template
    expect(await runPlan(actuator, { reason: 'check', actions: [{ type: 'await-ready', names: ['sponge'] }] })).toEqual({ busy: false });
    // The replacement started from the template (2 cores) and was resized; the step ended only once it ran with 4.
    const replacement = (await names()).find((n) => n !== evicted && !resizeCalls().slice(0, 2).includes(n));
    expect(await names()).not.toContain(evicted);
    expect(resizeCalls()).toContain(replacement);
    expect(await cores()).toEqual(['4', '4']);
  });

  it('Deferred on the new pod: waits, and succeeds once the node has room', async () => {
    const actuator = await resizedInPlace({ nodes: [{ cpu: '14' }], timing: { resizeDelayMs: 0 } }, 6);
    // Another deployment holds 3 cores: the new pod starts at 2 (11 of 14 used) but cannot grow to 6.
    await runPlan(actuator, {
      reason: 'other',
      actions: [
        { type: 'create', spec: spec({ name: 'other', cores: 3 }) },
        { type: 'await-ready', names: ['other'] },
      ],
    });
    const running = runPlan(actuator, scaleTo(2));
    await until('a Deferred resize', async () =>
      (await h.pods('sponge')).some((p) => p.status?.conditions?.some((c) => c.type === 'PodResizePending' && c.reason === 'Deferred')) ? true : undefined,
    );
    await h.adminApi.deleteDeployment('other');
    expect(await running).toEqual({ busy: false });
    expect(await cores()).toEqual(['6', '6']);
  });

  it('Deferred for too long: reported, and the plan fails with the reason', async () => {
    const actuator = await resizedInPlace({ nodes: [{ cpu: '14' }], timing: { resizeDelayMs: 0 } }, 6);
    await runPlan(actuator, {
      reason: 'other',
      actions: [
        { type: 'create', spec: spec({ name: 'other', cores: 3 }) },
        { type: 'await-ready', names: ['other'] },
      ],
    });
    const t0 = Date.now();
    const status = await runPlan(actuator, scaleTo(2));
    expect(status.lastError).toMatch(
      /^step 0 \(scale\): In-place resize of new pods to 6 cores deferred-too-long on sponge-\S+: Node didn't have enough resource: cpu/,
    );
    expect((await ours()).map((e) => `${e.type}/${e.reason}`)).toEqual(expect.arrayContaining(['Warning/ResizeDeferred', 'Warning/FailedAction']));
    expect(Date.now() - t0).toBeLessThan(10_000); // gave up after the 3 s deferral limit
  });

  it("beyond its node (too small): the API server refuses the new pod's resize; reported at once, plan fails cleanly, pod left running", async () => {
    const actuator = await resizedInPlace({ nodes: [{ cpu: '7', suffix: 'big' }], timing: { resizeDelayMs: 0 } }, 6);
    const small = await h.ns.addNode({ cpu: '4', suffix: 'small' });
    const t0 = Date.now();
    const status = await runPlan(actuator, scaleTo(2));
    expect(status.busy).toBe(false);
    expect(status.lastError).toMatch(
      /^step 0 \(scale\): In-place resize of new pods to 6 cores infeasible on sponge-\S+: node didn't have enough allocatable resources: cpu, requested: 6000, allocatable: 4000 \(refused by the API server\)$/,
    );
    expect(Date.now() - t0).toBeLessThan(5_000); // no waiting for what cannot happen
    expect((await ours()).filter((e) => e.reason === 'ResizeInfeasible')).toHaveLength(1);
    expect((await h.pods('sponge')).map((p) => p.spec?.nodeName).sort()).toEqual([h.ns.nodes[0], small].sort());
    expect((await actuator.current()).deployments[0]).toMatchObject({ replicas: 2, cores: 6, actualCores: 2, resize: 'infeasible' });
  });

  it("a new pod the scheduler cannot place: await-ready times out naming it and the scheduler's reason", async () => {
    // The pod shrank to 1.5 of the node's 3 cores; a new pod asks the template's 2.
    const actuator = await resizedInPlace({ nodes: [{ cpu: '3' }], timing: { resizeDelayMs: 0 } }, 1.5, 1, { awaitReady: { timeoutMs: 3_000, pollMs: 100 } });
    const status = await runPlan(actuator, { ...scaleTo(2), actions: [{ type: 'scale', name: 'sponge', replicas: 2 }] });
    expect(status.lastError).toMatch(
      /new pods of sponge not at their cores after 3000 ms: pod sponge-\S+ not scheduled: 0\/\d+ nodes are available: .*1 Insufficient cpu/,
    );
  });

  it('pods that start with the right cores are left alone (template = annotation)', async () => {
    h = await startClusterHarness({ name: 'new-pod-cores' });
    const actuator = await h.actuator();
    await runPlan(actuator, { reason: 'start', actions: [{ type: 'create', spec: spec() }] });
    expect(await runPlan(actuator, scaleTo(3))).toEqual({ busy: false });
    expect(resizeCalls()).toEqual([]);
  });
});
