import type { DeploymentSpec } from '@infscale/core';
import { existingDeployment, runPlan, startClusterHarness, type ClusterHarness } from './test-support';

const spec: DeploymentSpec = { name: 'resnet-resnet18', variant: 'resnet18', stage: 'main', replicas: 1, cores: 2, batch: 1 };

describe('delete only deletes what the scaler owns', () => {
  let h: ClusterHarness;
  beforeEach(async () => {
    h = await startClusterHarness({ name: 'delete-ownership' });
  });
  afterEach(() => h.close());

  const deletes = () => h.proxy.requests.filter((r) => r.method === 'DELETE');

  it('refuses a deployment without its ownership labels, and sends no DELETE', async () => {
    await h.adminApi.createDeployment(existingDeployment('resnet-resnet50', h.namespace));
    const status = await runPlan(await h.actuator(), { reason: 'cheaper', actions: [{ type: 'delete', name: 'resnet-resnet50' }] });
    expect(status.lastError).toBe(
      'step 0 (delete): refusing to delete deployment resnet-resnet50: it does not carry the ownership labels app.kubernetes.io/managed-by=infscale and infscale.io/scaler=infadapter',
    );
    expect(deletes()).toEqual([]);
    expect(await h.deployment('resnet-resnet50')).toBeDefined();
  });

  it('refuses one owned by another scaler, and a target', async () => {
    await runPlan(await h.actuator({ scaler: 'ipa' }), { reason: 'start', actions: [{ type: 'create', spec }] });
    expect((await runPlan(await h.actuator(), { reason: 'x', actions: [{ type: 'delete', name: spec.name }] })).lastError).toMatch(
      /infscale\.io\/scaler=infadapter/,
    );
    expect(
      (await runPlan(await h.actuator({ scaler: 'ipa', targets: [spec.name] }), { reason: 'x', actions: [{ type: 'delete', name: spec.name }] })).lastError,
    ).toMatch(/it is a target/);
    expect(deletes()).toEqual([]);
  });

  it('deletes its own, on the condition that it is still the object it checked: the API server refuses a changed one (409)', async () => {
    const actuator = await h.actuator();
    await runPlan(actuator, { reason: 'start', actions: [{ type: 'create', spec }] });
    let relabelled = false;
    h.proxy.beforeForward(async (r) => {
      // Between our read and our DELETE, someone takes the deployment away from infscale (once).
      if (r.method === 'DELETE' && !relabelled) {
        relabelled = true;
        await h.adminApi.patchDeployment(spec.name, { metadata: { labels: { 'app.kubernetes.io/managed-by': 'someone-else' } } }, 'merge');
      }
    });
    const status = await runPlan(actuator, { reason: 'x', actions: [{ type: 'delete', name: spec.name }] });
    // The real precondition failed (the resourceVersion moved), the retry re-read it and found it no longer ours.
    expect(deletes().map((r) => r.code)).toEqual([409]);
    expect(status.lastError).toMatch(/refusing to delete deployment resnet-resnet18: it does not carry the ownership labels/);
    expect(await h.deployment(spec.name)).toBeDefined();
  });

  it('deletes its own deployment with uid and resourceVersion preconditions, and records the event', async () => {
    const actuator = await h.actuator();
    await runPlan(actuator, { reason: 'start', actions: [{ type: 'create', spec }] });
    expect(await runPlan(actuator, { reason: 'x', actions: [{ type: 'delete', name: spec.name }] })).toEqual({ busy: false });
    // Every DELETE carries the uid and resourceVersion it checked. The deployment controller writes the
    // status meanwhile, which moves the resourceVersion: such a DELETE is a 409, and the retry re-checks.
    const sent = deletes();
    expect(sent.map((r) => (r.body as { preconditions?: object }).preconditions)).toEqual(
      sent.map(() => ({ uid: expect.any(String), resourceVersion: expect.any(String) })),
    );
    expect(sent.map((r) => r.code)).toEqual([...sent.slice(0, -1).map(() => 409), 200]);
    expect(await h.deployment(spec.name)).toBeUndefined();
    expect((await h.events()).some((e) => e.reason === 'SuccessfulDelete')).toBe(true);
  });
});
