import type { DeploymentSpec } from '@infscale/core';
import { existingDeployment } from './test-support/existing-deployment';
import { NAMESPACE, runPlan, startHarness } from './test-support/harness';
import { Resources } from './test-support/resources';

type Harness = Awaited<ReturnType<typeof startHarness>>;

const spec: DeploymentSpec = { name: 'resnet-resnet18', variant: 'resnet18', stage: 'main', replicas: 1, cores: 2, batch: 1 };

describe('delete only deletes what the scaler owns', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ readyDelayMs: 0 });
  });
  afterEach(() => h.close());

  const deletes = () => h.server.requests.filter((r) => r.method === 'DELETE');

  it('refuses a deployment without its ownership labels, and sends no DELETE', async () => {
    h.server.store.create(Resources.deployments, existingDeployment('resnet-resnet50', NAMESPACE) as never);
    const status = await runPlan(h.actuator(), { reason: 'cheaper', actions: [{ type: 'delete', name: 'resnet-resnet50' }] });
    expect(status.lastError).toBe(
      'step 0 (delete): refusing to delete deployment resnet-resnet50: it does not carry the ownership labels app.kubernetes.io/managed-by=infscale and infscale.io/scaler=infadapter',
    );
    expect(deletes()).toEqual([]);
    expect(h.server.store.find('deployments', NAMESPACE, 'resnet-resnet50')).toBeDefined();
  });

  it('refuses one owned by another scaler, and a target', async () => {
    await runPlan(h.actuator({ scaler: 'ipa' }), { reason: 'start', actions: [{ type: 'create', spec }] });
    expect((await runPlan(h.actuator(), { reason: 'x', actions: [{ type: 'delete', name: spec.name }] })).lastError).toMatch(/infscale\.io\/scaler=infadapter/);
    expect((await runPlan(h.actuator({ scaler: 'ipa', targets: [spec.name] }), { reason: 'x', actions: [{ type: 'delete', name: spec.name }] })).lastError).toMatch(/it is a target/);
    expect(deletes()).toEqual([]);
  });

  it('deletes its own, on the condition that it is still the object it checked', async () => {
    const actuator = h.actuator();
    await runPlan(actuator, { reason: 'start', actions: [{ type: 'create', spec }] });
    let relabelled = false;
    h.server.onRequest((r) => {
      // Between our read and our DELETE, someone takes the deployment away from infscale (once).
      if (r.method === 'DELETE' && !relabelled) {
        relabelled = true;
        const d = h.server.store.find('deployments', NAMESPACE, spec.name)!;
        h.server.store.update(Resources.deployments, { ...d, metadata: { ...d.metadata, labels: { app: 'mine-now' } } });
      }
    });
    const status = await runPlan(actuator, { reason: 'x', actions: [{ type: 'delete', name: spec.name }] });
    // The precondition failed (409), the retry re-read it and found it no longer ours.
    expect(deletes().map((r) => r.code)).toEqual([409]);
    expect(status.lastError).toMatch(/refusing to delete deployment resnet-resnet18: it does not carry the ownership labels/);
    expect(h.server.store.find('deployments', NAMESPACE, spec.name)).toBeDefined();
  });

  it('deletes its own deployment and records the event', async () => {
    const actuator = h.actuator();
    await runPlan(actuator, { reason: 'start', actions: [{ type: 'create', spec }] });
    expect(await runPlan(actuator, { reason: 'x', actions: [{ type: 'delete', name: spec.name }] })).toEqual({ busy: false });
    expect(deletes().map((r) => [r.code, (r.body as { preconditions?: object }).preconditions])).toEqual([[200, { uid: expect.any(String), resourceVersion: expect.any(String) }]]);
    expect(h.server.store.find('deployments', NAMESPACE, spec.name)).toBeUndefined();
    expect(h.server.store.list('events', NAMESPACE).some((e) => e.reason === 'SuccessfulDelete')).toBe(true);
  });
});
