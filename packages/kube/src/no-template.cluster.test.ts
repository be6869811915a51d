import type { DeploymentSpec } from '@infscale/core';
import { ConfigError } from '@infscale/core';
import { parseKubeActuatorConfig } from './config';
import { existingDeployment, harnessConfig, runPlan, startClusterHarness, type ClusterHarness } from './test-support';

const spec: DeploymentSpec = { name: 'resnet18', variant: 'resnet18', stage: 'main', replicas: 1, cores: 2, batch: 1 };

// Sponge-style: the scaler changes a deployment that exists and never creates one.
describe('an actuator without a pod template', () => {
  let h: ClusterHarness | undefined;
  afterEach(() => h?.close());
  const withoutTemplate = { ...harnessConfig('serving'), template: undefined };

  it('is a valid config, and still rejects a malformed template when one is given', () => {
    expect(parseKubeActuatorConfig(withoutTemplate).template).toBeUndefined();
    expect(() => parseKubeActuatorConfig({ ...withoutTemplate, template: { spec: { containers: [] } } })).toThrow(ConfigError);
  });

  it('resizes, sets the batch of and reads a target deployment it did not create, by name and its own selector', async () => {
    h = await startClusterHarness({ name: 'no-template' });
    await h.adminApi.createDeployment(existingDeployment('resnet18', h.namespace, { cores: 2, timing: { readyDelayMs: 200, resizeDelayMs: 500 } }));
    const actuator = await h.actuator({ template: undefined, targets: ['resnet18'] });
    expect(await runPlan(actuator, { reason: 'ready', actions: [{ type: 'await-ready', names: ['resnet18'] }] })).toEqual({ busy: false });
    expect((await actuator.current()).deployments).toEqual([expect.objectContaining({ name: 'resnet18', cores: 2, replicas: 1, readyReplicas: 1 })]);
    const podBefore = (await h.pods('resnet18'))[0]!.metadata!.name;
    expect(await runPlan(actuator, { reason: 'deadline pressure', actions: [{ type: 'resize', name: 'resnet18', cores: 4, mode: 'in-place' }] })).toEqual({
      busy: false,
    });
    const pod = (await h.pods('resnet18'))[0]!;
    expect(pod.metadata).toMatchObject({ name: podBefore, labels: { app: 'resnet18' } }); // same pod, not relabelled
    expect(pod.status?.containerStatuses?.[0]?.resources?.limits?.cpu).toBe('4');
    expect(await runPlan(actuator, { reason: 'batch', actions: [{ type: 'set-batch', name: 'resnet18', batch: 8 }] })).toEqual({ busy: false });
    // A batch change rolls the pod (env); the wanted cores stay on the deployment's annotation.
    expect((await actuator.current()).deployments).toEqual([expect.objectContaining({ name: 'resnet18', cores: 4, batch: 8 })]);
  });

  it('with batchEnv false, records a batch change on the deployment and restarts nothing', async () => {
    h = await startClusterHarness({ name: 'no-template' });
    await h.adminApi.createDeployment(existingDeployment('resnet18', h.namespace, { timing: { readyDelayMs: 200 } }));
    const actuator = await h.actuator({ template: undefined, targets: ['resnet18'], batchEnv: false });
    expect(await runPlan(actuator, { reason: 'ready', actions: [{ type: 'await-ready', names: ['resnet18'] }] })).toEqual({ busy: false });
    const podBefore = (await h.pods('resnet18'))[0]!.metadata!.name;
    const templateBefore = JSON.stringify((await h.deployment('resnet18'))!.spec!.template);
    expect(await runPlan(actuator, { reason: 'batch', actions: [{ type: 'set-batch', name: 'resnet18', batch: 8 }] })).toEqual({ busy: false });
    expect((await h.pods('resnet18')).map((p) => p.metadata!.name)).toEqual([podBefore]);
    expect(JSON.stringify((await h.deployment('resnet18'))!.spec!.template)).toBe(templateBefore);
    // One ReplicaSet: no rollout. (The annotation alone does bump the deployment's generation on a real API
    // server: deployment annotations are copied to the ReplicaSet.)
    expect((await h.apps.listNamespacedReplicaSet({ namespace: h.namespace })).items).toHaveLength(1);
    expect((await actuator.current()).deployments).toEqual([expect.objectContaining({ name: 'resnet18', batch: 8 })]);
  });

  it('fails a create step clearly, naming kubernetes.template, and creates nothing', async () => {
    h = await startClusterHarness({ name: 'no-template', nodes: [] });
    const actuator = await h.actuator({ template: undefined });
    const status = await runPlan(actuator, { reason: 'grow', actions: [{ type: 'create', spec }] });
    expect(status.lastError).toMatch(/step 0 \(create\): cannot create deployment resnet18: kubernetes\.template is not set/);
    expect(await h.deployments()).toEqual([]);
  });
});
