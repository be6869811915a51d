import type { ActionPlan, DeploymentSpec } from '@infscale/core';
import { ConfigError } from '@infscale/core';
import type { KubernetesActuator } from './actuator';
import { parseKubeActuatorConfig } from './config';
import { ClientNodeKubeApi } from './kube-client';
import { existingDeployment } from './test-support/existing-deployment';
import { NAMESPACE, baseConfig, startHarness } from './test-support/harness';

type Harness = Awaited<ReturnType<typeof startHarness>>;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const spec: DeploymentSpec = { name: 'resnet18', variant: 'resnet18', stage: 'main', replicas: 1, cores: 2, batch: 1 };

async function run(actuator: KubernetesActuator, plan: ActionPlan) {
  await actuator.submit(plan);
  await actuator.whenIdle();
  return actuator.status();
}

// Sponge-style: the scaler changes a deployment that exists and never creates one.
describe('an actuator without a pod template', () => {
  let h: Harness | undefined;
  afterEach(() => h?.close());
  const started = async (options: Parameters<typeof startHarness>[0]) => (h = await startHarness(options));
  const withoutTemplate = { ...baseConfig, template: undefined };

  it('is a valid config, and still rejects a malformed template when one is given', () => {
    expect(parseKubeActuatorConfig(withoutTemplate).template).toBeUndefined();
    expect(() => parseKubeActuatorConfig({ ...withoutTemplate, template: { spec: { containers: [] } } })).toThrow(ConfigError);
  });

  it('resizes, sets the batch of and reads a target deployment it did not create, by name and its own selector', async () => {
    const h = await started({ readyDelayMs: 1_000, resizeDelayMs: 2_000 });
    await new ClientNodeKubeApi(h.server.kubeConfig(NAMESPACE), NAMESPACE).createDeployment(existingDeployment('resnet18', NAMESPACE, { cores: 2 }));
    const actuator = h.actuator({ template: undefined, targets: ['resnet18'] });
    await run(h.actuator(), { reason: 'ready', actions: [{ type: 'await-ready', names: ['resnet18'] }] });
    expect((await actuator.current()).deployments).toEqual([expect.objectContaining({ name: 'resnet18', cores: 2, replicas: 1, readyReplicas: 1 })]);
    const podBefore = (h.server.store.list('pods', NAMESPACE) as Obj[])[0]!.metadata.name as string;
    expect(await run(actuator, { reason: 'deadline pressure', actions: [{ type: 'resize', name: 'resnet18', cores: 4, mode: 'in-place' }] })).toEqual({ busy: false });
    const pod = (h.server.store.list('pods', NAMESPACE) as Obj[])[0]!;
    expect(pod.metadata).toMatchObject({ name: podBefore, labels: { app: 'resnet18' } }); // same pod, not relabelled
    expect(pod.status.containerStatuses[0].resources.limits.cpu).toBe('4');
    expect(await run(actuator, { reason: 'batch', actions: [{ type: 'set-batch', name: 'resnet18', batch: 8 }] })).toEqual({ busy: false });
    // A batch change rolls the pod (env); the wanted cores stay on the deployment's annotation.
    expect((await actuator.current()).deployments).toEqual([expect.objectContaining({ name: 'resnet18', cores: 4, batch: 8 })]);
  });

  it('with batchEnv false, records a batch change on the deployment and restarts nothing', async () => {
    const h = await started({ readyDelayMs: 1_000 });
    await new ClientNodeKubeApi(h.server.kubeConfig(NAMESPACE), NAMESPACE).createDeployment(existingDeployment('resnet18', NAMESPACE));
    const actuator = h.actuator({ template: undefined, targets: ['resnet18'], batchEnv: false });
    await run(h.actuator(), { reason: 'ready', actions: [{ type: 'await-ready', names: ['resnet18'] }] });
    const podBefore = (h.server.store.list('pods', NAMESPACE) as Obj[])[0]!.metadata.name as string;
    const templateBefore = JSON.stringify((h.server.store.find('deployments', NAMESPACE, 'resnet18') as Obj).spec.template);
    expect(await run(actuator, { reason: 'batch', actions: [{ type: 'set-batch', name: 'resnet18', batch: 8 }] })).toEqual({ busy: false });
    expect((h.server.store.list('pods', NAMESPACE) as Obj[]).map((p) => p.metadata.name)).toEqual([podBefore]);
    expect(JSON.stringify((h.server.store.find('deployments', NAMESPACE, 'resnet18') as Obj).spec.template)).toBe(templateBefore);
    expect((await actuator.current()).deployments).toEqual([expect.objectContaining({ name: 'resnet18', batch: 8 })]);
  });

  it('fails a create step clearly, naming kubernetes.template, and creates nothing', async () => {
    const h = await started({});
    const actuator = h.actuator({ template: undefined });
    const status = await run(actuator, { reason: 'grow', actions: [{ type: 'create', spec }] });
    expect(status.lastError).toMatch(/step 0 \(create\): cannot create deployment resnet18: kubernetes\.template is not set/);
    expect(h.server.store.list('deployments', NAMESPACE)).toEqual([]);
  });
});
