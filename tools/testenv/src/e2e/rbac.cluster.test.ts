/**
 * What the chart's Role leaves out, denied by the real RBAC authorizer (403) to a kubeconfig that
 * authenticates as the chart's ServiceAccount (a TokenRequest token): Secrets, other namespaces,
 * anything cluster-wide, other Leases, pods it may only read. What the Role lets through is run by
 * the apps themselves in the other end-to-end tests (every write of theirs is checked for 403 there).
 * RBAC cannot select by label: InfAdapter's and IPA's Role may delete any Deployment of the namespace;
 * the actuator refuses one without the ownership labels (packages/kube delete-ownership), and the
 * chart's opt-in admissionPolicy makes the API server itself refuse it (ownership-policy.cluster.test.ts).
 */
import { AppsV1Api, CoordinationV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';

const MERGE = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
import { describeFailure } from '@infscale/kube';
import { createTestNamespace, existingDeployment, testControlPlane, type TestControlPlane, type TestNamespace } from '@infscale/kube/testing';
import { installChart, type ChartRelease } from './support/chart-release';

jest.setTimeout(120_000);

let cp: TestControlPlane;
let elsewhere: TestNamespace;
const charts: ChartRelease[] = [];

beforeAll(async () => {
  cp = await testControlPlane();
  elsewhere = await createTestNamespace(cp, 'e2e-rbac-elsewhere', { nodes: [] });
  await cp.kubeConfig.makeApiClient(AppsV1Api).createNamespacedDeployment({ namespace: elsewhere.name, body: existingDeployment('resnet18', elsewhere.name) });
});
afterAll(async () => {
  for (const c of charts) await c.close();
  await elsewhere?.delete();
});

/** The HTTP code the API server answered `call` with (200 when it succeeded). */
async function codeOf(call: () => Promise<unknown>): Promise<number | undefined> {
  try {
    await call();
    return 200;
  } catch (err) {
    return describeFailure(err).code;
  }
}

function denied(kc: KubeConfig, namespace: string, other: string) {
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const leases = kc.makeApiClient(CoordinationV1Api);
  return {
    'list secrets': () => core.listNamespacedSecret({ namespace }),
    'read a secret': () => core.readNamespacedSecret({ name: 'prometheus-token', namespace }),
    'create a secret': () => core.createNamespacedSecret({ namespace, body: { metadata: { name: 'mine' }, stringData: { a: 'b' } } }),
    'list deployments of another namespace': () => apps.listNamespacedDeployment({ namespace: other }),
    'scale a deployment of another namespace': () =>
      apps.patchNamespacedDeploymentScale({ name: 'resnet18', namespace: other, body: { spec: { replicas: 3 } } }, MERGE),
    'list pods of another namespace': () => core.listNamespacedPod({ namespace: other }),
    'list nodes': () => core.listNode(),
    'list namespaces': () => core.listNamespace(),
    'create a pod': () => core.createNamespacedPod({ namespace, body: { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x' }] } } }),
    'delete a pod': () => core.deleteNamespacedPod({ name: 'any', namespace }),
    'watch pods': () => core.listNamespacedPod({ namespace, watch: true, timeoutSeconds: 1 }),
    'update another lease': () => leases.replaceNamespacedLease({ name: 'someone-else', namespace, body: { metadata: { name: 'someone-else' }, spec: {} } }),
    'delete services': () => core.deleteCollectionNamespacedService({ namespace }),
  };
}

describe.each(['infadapter', 'ipa', 'sponge'])("the %s chart's ServiceAccount", (scaler) => {
  let chart: ChartRelease;
  beforeAll(async () => {
    chart = await installChart(cp, {
      name: `e2e-rbac-${scaler}`,
      values: { scaler },
      before: async (ns) =>
        void (await cp.kubeConfig.makeApiClient(AppsV1Api).createNamespacedDeployment({ namespace: ns.name, body: existingDeployment('resnet18', ns.name) })),
    });
    charts.push(chart);
  });

  it('is refused with 403 by the authorizer for everything its Role leaves out', async () => {
    const calls = denied(chart.sa.kubeConfig, chart.ns.name, elsewhere.name);
    const codes: Record<string, number | undefined> = {};
    for (const [what, call] of Object.entries(calls)) codes[what] = await codeOf(call);
    expect(codes).toEqual(Object.fromEntries(Object.keys(calls).map((what) => [what, 403])));
  });

  it('may read what its actions read in its own namespace', async () => {
    const kc = chart.sa.kubeConfig;
    const namespace = chart.ns.name;
    expect(await codeOf(() => kc.makeApiClient(AppsV1Api).listNamespacedDeployment({ namespace }))).toBe(200);
    expect(await codeOf(() => kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace }))).toBe(200);
  });

  if (scaler === 'sponge') {
    it('may change only its target deployment, by name', async () => {
      const apps = chart.sa.kubeConfig.makeApiClient(AppsV1Api);
      const namespace = chart.ns.name;
      await cp.kubeConfig.makeApiClient(AppsV1Api).createNamespacedDeployment({ namespace, body: existingDeployment('someone-elses', namespace) });
      expect(await codeOf(() => apps.patchNamespacedDeploymentScale({ name: 'resnet18', namespace, body: { spec: { replicas: 1 } } }, MERGE))).toBe(200);
      expect(await codeOf(() => apps.patchNamespacedDeploymentScale({ name: 'someone-elses', namespace, body: { spec: { replicas: 2 } } }, MERGE))).toBe(403);
      expect(await codeOf(() => apps.deleteNamespacedDeployment({ name: 'resnet18', namespace }))).toBe(403);
      expect(await codeOf(() => apps.createNamespacedDeployment({ namespace, body: existingDeployment('new', namespace) }))).toBe(403);
    });
  } else {
    it("may delete any deployment of its namespace as far as RBAC goes: the ownership labels are the actuator's check (or the opt-in admission policy's)", async () => {
      const apps = chart.sa.kubeConfig.makeApiClient(AppsV1Api);
      expect(await codeOf(() => apps.deleteNamespacedDeployment({ name: 'resnet18', namespace: chart.ns.name }))).toBe(200);
    });
  }
});
