import type { ActionPlan } from '@infscale/core';
import { deploymentCoresSetter } from './deployment-cores';
import { ClientNodeKubeApi } from './kube-client';
import { existingDeployment } from './test-support/existing-deployment';
import { NAMESPACE, runPlan, startHarness } from './test-support/harness';
import type { FakeApiServerOptions } from './test-support/fake-apiserver';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The user's model deployment at 2 cores, running; and the setter `infscale profile` uses on it. */
async function start(options: FakeApiServerOptions) {
  const h = await startHarness(options);
  await new ClientNodeKubeApi(h.server.kubeConfig(NAMESPACE), NAMESPACE).createDeployment(existingDeployment('model', NAMESPACE, { cores: 2 }) as Obj);
  const ready: ActionPlan = { reason: 'start', actions: [{ type: 'await-ready', names: ['model'] }] };
  await runPlan(h.actuator({ template: undefined, targets: ['model'], batchEnv: false }), ready);
  const sleep = async (ms: number) => void h.clock.advance(ms);
  const setCores = deploymentCoresSetter({ namespace: NAMESPACE, deployment: 'model' }, { kubeConfig: h.server.kubeConfig(NAMESPACE), clock: h.clock, sleep, random: () => 0.5 });
  const pods = () => (h.server.store.list('pods', NAMESPACE) as Obj[]).filter((p) => !p.metadata.deletionTimestamp);
  return { h, setCores, pods };
}

describe('deploymentCoresSetter', () => {
  it('resizes the running pod in place and returns once it runs with the cores, template untouched', async () => {
    const { h, setCores, pods } = await start({ readyDelayMs: 0, resizeDelayMs: 2_000 });
    try {
      const before = pods()[0]!.metadata.name;
      await setCores(4);
      expect(pods()[0]!.metadata.name).toBe(before);
      expect(pods()[0]!.status.containerStatuses[0].resources.limits.cpu).toBe('4');
      await setCores(1);
      expect(pods()[0]!.status.containerStatuses[0].resources.limits.cpu).toBe('1');
      expect((h.server.store.find('deployments', NAMESPACE, 'model') as Obj).spec.template.spec.containers[0].resources.limits.cpu).toBe('2');
      expect(h.server.requests.filter((r) => r.path.endsWith('/resize'))).toHaveLength(2);
    } finally {
      await h.close();
    }
  });

  it('throws with the reason when the node cannot give the cores', async () => {
    const { h, setCores } = await start({ readyDelayMs: 0, resizeDelayMs: 0, nodes: [{ name: 'node-1', cpu: 4 }] });
    try {
      await expect(setCores(8)).rejects.toThrow(/resizing serving\/model to 8 cores failed: .*infeasible.*Node didn.t have enough capacity/);
    } finally {
      await h.close();
    }
  });
});
