import { deploymentCoresSetter } from './deployment-cores';
import { existingDeployment, runPlan, startClusterHarness, type ClusterHarness } from './test-support';

// `infscale profile --deployment`: the user's model deployment, resized in place between core counts.
describe('deploymentCoresSetter on the real API server', () => {
  let h: ClusterHarness | undefined;
  afterEach(() => h?.close());

  /** The user's deployment "model" at 2 cores, Ready; the setter as the profiler runs it (a ServiceAccount's kubeconfig). */
  async function started(nodeCpu?: string) {
    h = await startClusterHarness({ name: 'profile-cores', ...(nodeCpu ? { nodes: [{ cpu: nodeCpu }] } : {}) });
    await h.adminApi.createDeployment(existingDeployment('model', h.namespace, { cores: 2, timing: { readyDelayMs: 0, resizeDelayMs: 500 } }));
    const watcher = await h.actuator({ template: undefined, targets: ['model'], batchEnv: false });
    expect(await runPlan(watcher, { reason: 'ready', actions: [{ type: 'await-ready', names: ['model'] }] })).toEqual({ busy: false });
    const account = await h.account('profiler');
    return deploymentCoresSetter({ namespace: h.namespace, deployment: 'model', kubeconfig: account.kubeconfigPath });
  }
  const runningCpu = async () => (await h!.pods('model'))[0]?.status?.containerStatuses?.[0]?.resources?.limits?.cpu;

  it('resizes the running pod in place and returns once it runs with the cores; the template is untouched', async () => {
    const setCores = await started();
    const before = (await h!.pods('model'))[0]!.metadata!.uid;
    await setCores(4);
    expect(await runningCpu()).toBe('4');
    await setCores(1);
    expect(await runningCpu()).toBe('1');
    expect((await h!.pods('model'))[0]!.metadata!.uid).toBe(before); // the same pod throughout
    expect((await h!.deployment('model'))!.spec!.template.spec!.containers[0]!.resources!.limits!.cpu).toBe('2');
    // One pods/resize patch per change, each accepted (the ServiceAccount's kubeconfig goes through the harness's proxy).
    expect(h!.proxy.requests.filter((r) => r.path.endsWith('/resize')).map((r) => r.code)).toEqual([200, 200]);
  });

  it('throws with the reason when the node cannot give the cores (the API server refuses: NodeCapacity)', async () => {
    const setCores = await started('4');
    await expect(setCores(8)).rejects.toThrow(new RegExp(`resizing ${h!.namespace}/model to 8 cores failed: .*infeasible.*allocatable`));
    expect(await runningCpu()).toBe('2');
  });
});
