/**
 * The chart's opt-in rbac.ownershipPolicy on the real API server: RBAC lets InfAdapter's
 * ServiceAccount update and delete any Deployment of its namespace; with the policy, the API
 * server's admission refuses it (403) every one without the ownership labels, and every change that
 * would take them off. The owned ones, and everybody else, are untouched. The API server compiled and
 * type-checked the policy's CEL when helm installed it; helm uninstall removes it.
 */
import { AdmissionregistrationV1Api, AppsV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { describeFailure } from '@infscale/kube';
import { existingDeployment, helm, testControlPlane, until, type TestControlPlane } from '@infscale/kube/testing';
import { installChart, type ChartRelease } from './support/chart-release';

jest.setTimeout(120_000);

const MERGE = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const OWNED = { 'app.kubernetes.io/managed-by': 'infscale', 'infscale.io/scaler': 'infadapter' };

let cp: TestControlPlane;
let chart: ChartRelease | undefined;
afterAll(() => chart?.close());

async function answer(call: () => Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await call();
    return { code: 200, message: '' };
  } catch (err) {
    const failure = describeFailure(err);
    return { code: failure.code ?? 0, message: failure.message };
  }
}

it('makes the API server refuse the scaler any update or delete of a Deployment without its ownership labels', async () => {
  cp = await testControlPlane();
  chart = await installChart(cp, { name: 'e2e-ownership', values: { scaler: 'infadapter', rbac: { ownershipPolicy: true } } });
  const namespace = chart.ns.name;
  const admin = cp.kubeConfig.makeApiClient(AppsV1Api);
  const owned = existingDeployment('resnet-resnet18', namespace);
  owned.metadata.labels = { ...owned.metadata.labels, ...OWNED };
  await admin.createNamespacedDeployment({ namespace, body: existingDeployment('resnet18', namespace) });
  await admin.createNamespacedDeployment({ namespace, body: owned });
  const scaler = chart.sa.kubeConfig.makeApiClient(AppsV1Api);
  // A policy takes effect once the API server's admission has loaded it, a moment after its creation:
  // probe with dry-run deletes (admission runs, nothing is deleted).
  await until(
    'the policy in effect',
    async () => ((await answer(() => scaler.deleteNamespacedDeployment({ name: 'resnet18', namespace, dryRun: 'All' }))).code === 403 ? true : undefined),
    { timeoutMs: 20_000, intervalMs: 200 },
  );
  // The API server type-checked its CEL (the policy status controller): no warnings.
  const policyName = `infscale-${namespace}-${chart.release}`;
  const checked = await until(
    'the policy type-checked',
    async () => (await cp.kubeConfig.makeApiClient(AdmissionregistrationV1Api).readValidatingAdmissionPolicy({ name: policyName })).status?.typeChecking,
    { timeoutMs: 20_000 },
  );
  expect(checked.expressionWarnings ?? []).toEqual([]);

  const refused = await answer(() => scaler.deleteNamespacedDeployment({ name: 'resnet18', namespace }));
  expect(refused.code).toBe(403);
  expect(refused.message).toContain(
    'the infadapter scaler may only delete deployments labelled app.kubernetes.io/managed-by=infscale and infscale.io/scaler=infadapter',
  );
  expect(
    (await answer(() => scaler.patchNamespacedDeployment({ name: 'resnet18', namespace, body: { metadata: { annotations: { a: 'b' } } } }, MERGE))).code,
  ).toBe(403);
  // Taking the labels off its own deployment (then deleting it) is refused too.
  expect(
    (
      await answer(() =>
        scaler.patchNamespacedDeployment(
          { name: 'resnet-resnet18', namespace, body: { metadata: { labels: { 'app.kubernetes.io/managed-by': 'someone' } } } },
          MERGE,
        ),
      )
    ).code,
  ).toBe(403);
  // Its own: allowed.
  expect(
    (
      await answer(() =>
        scaler.patchNamespacedDeployment({ name: 'resnet-resnet18', namespace, body: { metadata: { annotations: { 'infscale.io/cores': '2' } } } }, MERGE),
      )
    ).code,
  ).toBe(200);
  expect((await answer(() => scaler.deleteNamespacedDeployment({ name: 'resnet-resnet18', namespace }))).code).toBe(200);
  // The scale subresource has no labels to judge: RBAC and the actuator's own check keep it.
  expect((await answer(() => scaler.patchNamespacedDeploymentScale({ name: 'resnet18', namespace, body: { spec: { replicas: 1 } } }, MERGE))).code).toBe(200);
  // Nobody else is judged by it.
  expect((await answer(() => admin.deleteNamespacedDeployment({ name: 'resnet18', namespace }))).code).toBe(200);

  // Cluster-scoped, yet removed with the release.
  await helm(cp, ['uninstall', chart.release, '-n', namespace, '--wait']);
  const policies = await cp.kubeConfig.makeApiClient(AdmissionregistrationV1Api).listValidatingAdmissionPolicy();
  expect(policies.items.map((p) => p.metadata?.name)).not.toContain(policyName);
});
