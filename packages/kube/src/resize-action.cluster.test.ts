import type { ActionPlan, DeploymentSpec, ResizeMode } from '@infscale/core';
import type { V1Pod } from '@kubernetes/client-node';
import { runPlan, spongeSpec, startClusterHarness, until, type ClusterHarness, type HarnessOptions } from './test-support';

const resize = (cores: number, mode: ResizeMode): ActionPlan => ({ reason: 'deadline pressure', actions: [{ type: 'resize', name: 'sponge', cores, mode }] });
const runningCpu = (pod: V1Pod | undefined) => pod?.status?.containerStatuses?.[0]?.resources?.limits?.cpu;
const hasCondition = (pod: V1Pod | undefined, type: string, reason?: string) =>
  (pod?.status?.conditions ?? []).some((c) => c.type === type && (reason === undefined || c.reason === reason));

describe('resize through the real pods/resize subresource', () => {
  let h: ClusterHarness;
  afterEach(() => h.close());

  async function started(options: HarnessOptions, over: Partial<DeploymentSpec> = {}) {
    h = await startClusterHarness({ name: 'resize', ...options });
    const actuator = await h.actuator();
    expect(
      await runPlan(actuator, {
        reason: 'start',
        actions: [
          { type: 'create', spec: spongeSpec(over) },
          { type: 'await-ready', names: ['sponge'] },
        ],
      }),
    ).toEqual({ busy: false });
    return actuator;
  }
  const eventReasons = async () => (await h.events()).filter((e) => e.source?.component === 'infscale-infadapter').map((e) => `${e.type}/${e.reason}`);
  const sponge = async () => (await h.pods('sponge'))[0];

  it('in place: patches pods/resize, follows PodResizeInProgress to completion, keeps the pod and its template', async () => {
    const actuator = await started({ timing: { resizeDelayMs: 700 } });
    const before = await sponge();
    const templateBefore = JSON.stringify((await h.deployment('sponge'))!.spec!.template);
    const t0 = Date.now();
    expect(await runPlan(actuator, resize(4, 'in-place'))).toEqual({ busy: false });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(700); // it waited for the kubelet to actuate it
    const after = await sponge();
    expect(after?.metadata?.name).toBe(before?.metadata?.name); // same pod, not restarted
    expect(after?.metadata?.uid).toBe(before?.metadata?.uid);
    expect(runningCpu(after)).toBe('4');
    expect(hasCondition(after, 'PodResizeInProgress')).toBe(false);
    expect(after?.status?.observedGeneration).toBe(after?.metadata?.generation);
    const resizeCall = h.proxy.requests.find((r) => r.path.endsWith('/resize'))!;
    expect([resizeCall.contentType, resizeCall.code]).toEqual(['application/strategic-merge-patch+json', 200]);
    expect(JSON.stringify((await h.deployment('sponge'))!.spec!.template)).toBe(templateBefore); // no rollout
    expect((await actuator.current()).deployments[0]).toMatchObject({ cores: 4, actualCores: 4 });
    expect(await eventReasons()).toContain('Normal/SuccessfulResize');
  });

  it('in place: waits while Deferred (the node is full) and succeeds once the node has room', async () => {
    const actuator = await started({ nodes: [{ cpu: '6' }], timing: { resizeDelayMs: 0 } });
    // Another deployment takes 3 of the node's 6 cores: growing to 4 must wait.
    await runPlan(actuator, {
      reason: 'other',
      actions: [
        { type: 'create', spec: spongeSpec({ name: 'other', cores: 3 }) },
        { type: 'await-ready', names: ['other'] },
      ],
    });
    const running = runPlan(actuator, resize(4, 'in-place'));
    await until('the resize to be Deferred', async () => (hasCondition(await sponge(), 'PodResizePending', 'Deferred') ? true : undefined));
    await h.adminApi.deleteDeployment('other');
    expect(await running).toEqual({ busy: false });
    expect((await sponge())?.status?.containerStatuses?.[0]?.resources?.requests?.cpu).toBe('4');
  });

  it('in place: a Deferred resize that waits too long is reported and the pod left alone', async () => {
    const actuator = await started({ nodes: [{ cpu: '6' }], timing: { resizeDelayMs: 0 } });
    await runPlan(actuator, {
      reason: 'other',
      actions: [
        { type: 'create', spec: spongeSpec({ name: 'other', cores: 3 }) },
        { type: 'await-ready', names: ['other'] },
      ],
    });
    const t0 = Date.now();
    const status = await runPlan(actuator, resize(4, 'in-place'));
    expect(status.lastError).toMatch(/In-place resize to 4 cores deferred-too-long .*Node didn't have enough resource: cpu/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(3_000); // the harness's deferral limit
    expect(await eventReasons()).toContain('Warning/ResizeDeferred');
    expect((await actuator.current()).deployments.find((d) => d.name === 'sponge')).toMatchObject({ resize: 'deferred', actualCores: 2 });
  });

  it('in place: beyond the node allocatable the API server refuses the resize (403 NodeCapacity): reported at once as infeasible, the pod keeps its cores', async () => {
    const actuator = await started({ nodes: [{ cpu: '8' }] });
    const t0 = Date.now();
    const status = await runPlan(actuator, resize(12, 'in-place'));
    expect(status.lastError).toMatch(
      /^step 0 \(resize\): In-place resize to 12 cores infeasible on sponge-\S+: node didn't have enough allocatable resources: cpu, requested: 12000, allocatable: 8000 \(refused by the API server\)$/,
    );
    expect(Date.now() - t0).toBeLessThan(2_000); // no waiting for something that cannot happen
    expect(h.proxy.requests.filter((r) => r.path.endsWith('/resize')).map((r) => r.code)).toEqual([403]); // not retried
    const pod = await sponge();
    expect(pod?.spec?.containers[0]?.resources?.limits?.cpu).toBe('2');
    expect(runningCpu(pod)).toBe('2');
    expect(await eventReasons()).toContain('Warning/ResizeInfeasible');
    // The refusal is not on the pod (admission kept it out of etcd): the actuator remembers it, so the scaler sees it.
    expect((await actuator.current()).deployments[0]).toMatchObject({ resize: 'infeasible', cores: 2, actualCores: 2 });
    // A resize that fits afterwards clears it.
    expect(await runPlan(actuator, resize(6, 'in-place'))).toEqual({ busy: false });
    expect((await actuator.current()).deployments[0]).not.toHaveProperty('resize');
  });

  it('in-place-or-restart: falls back to a rolling restart when the node cannot give it; the scheduler puts the new pod on a node that can', async () => {
    const actuator = await started({ nodes: [{ cpu: '4', suffix: 'small' }], timing: { resizeDelayMs: 0 } });
    const big = await h.ns.addNode({ cpu: '16', suffix: 'big' });
    expect((await sponge())?.spec?.nodeName).toBe(h.ns.nodes[0]);
    const status = await runPlan(actuator, {
      reason: 'deadline pressure',
      actions: [...resize(8, 'in-place-or-restart').actions, { type: 'await-ready', names: ['sponge'] }],
    });
    expect(status).toEqual({ busy: false });
    const pods = await h.pods('sponge');
    expect(pods).toHaveLength(1);
    expect(pods[0]?.spec?.nodeName).toBe(big);
    expect(pods[0]?.spec?.containers[0]?.resources).toEqual({ requests: { cpu: '8', memory: '2Gi' }, limits: { cpu: '8', memory: '2Gi' } });
    expect(await eventReasons()).toEqual(expect.arrayContaining(['Warning/ResizeInfeasible', 'Normal/SuccessfulRestart']));
    expect((await actuator.current()).deployments[0]).toMatchObject({ cores: 8, actualCores: 8, readyReplicas: 1 });
  });

  it('restart: patches the template, which rolls the pods', async () => {
    const actuator = await started({ timing: { readyDelayMs: 300 } });
    const before = (await sponge())?.metadata?.name;
    const status = await runPlan(actuator, {
      reason: 'r',
      actions: [
        { type: 'resize', name: 'sponge', cores: 3, mode: 'restart' },
        { type: 'await-ready', names: ['sponge'] },
      ],
    });
    expect(status).toEqual({ busy: false });
    expect((await h.pods('sponge')).map((p) => p.metadata?.name)).not.toContain(before);
    expect(h.proxy.requests.some((r) => r.path.endsWith('/resize'))).toBe(false);
  });
});
