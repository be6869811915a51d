/**
 * Each example of the chart installed with the pinned helm into a namespace of its own on the real
 * test control plane: every object goes through the API server's validation and admission, and
 * helm --wait sees the Deployments Ready (the kubelet stand-in runs no container). Then `helm
 * upgrade` and `helm uninstall` do what helm/README.md says: an upgrade rolls the scaler with its
 * new config; an uninstall removes the chart's objects and leaves what the scaler created.
 */
import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import { AppsV1Api, CoordinationV1Api, CoreV1Api, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import {
  createTestNamespace,
  exampleValuesFiles,
  existingDeployment,
  helm,
  parseTemplateStream,
  serviceAccountKubeconfig,
  testControlPlane,
  type TestControlPlane,
  type TestNamespace,
} from '@infscale/kube/testing';
import { parse } from 'yaml';
import { CHART_DIR } from './test-support/charts';
import { ensureServiceMonitorKind } from './test-support/service-monitor-crd';

jest.setTimeout(120_000);

const RELEASE = 'demo';
const examples = exampleValuesFiles().map((file) => ({ file, name: basename(file), scaler: (parse(readFileSync(file, 'utf8')) as { scaler: string }).scaler }));

let cp: TestControlPlane;
beforeAll(async () => {
  cp = await testControlPlane();
  await ensureServiceMonitorKind(cp.kubeConfig);
});

const refOf = (o: KubernetesObject) => `${o.kind}/${o.metadata?.name}`;

describe.each(examples)('helm install -f examples/$name', ({ file, scaler }) => {
  let ns: TestNamespace;
  let manifest: KubernetesObject[];
  const objects = () => KubernetesObjectApi.makeApiClient(cp.kubeConfig);
  const exists = async (o: KubernetesObject) =>
    objects()
      .read({ apiVersion: o.apiVersion!, kind: o.kind!, metadata: { name: o.metadata!.name!, namespace: ns.name } })
      .then(
        () => true,
        (err: { code?: number }) => (err.code === 404 ? false : Promise.reject(err)),
      );

  beforeAll(async () => {
    ns = await createTestNamespace(cp, `chart-${scaler}`);
    // Sponge resizes a deployment the user runs: it is there before the scaler.
    if (scaler === 'sponge')
      await cp.kubeConfig.makeApiClient(AppsV1Api).createNamespacedDeployment({ namespace: ns.name, body: existingDeployment('resnet18', ns.name) });
  });
  afterAll(() => ns?.delete());

  it('installs: every object accepted by the API server, every Deployment Ready (helm --wait)', async () => {
    const installed = await helm(cp, ['install', RELEASE, CHART_DIR, '-n', ns.name, '-f', file, '--wait', '--timeout', '90s']);
    expect(installed.stdout).toMatch(/STATUS: deployed/);
    expect(installed.stdout).toContain(`namespace ${ns.name}`); // NOTES
    manifest = parseTemplateStream((await helm(cp, ['get', 'manifest', RELEASE, '-n', ns.name])).stdout).map((o) => o.object as KubernetesObject);
    expect(manifest.map((o) => o.kind)).toEqual(expect.arrayContaining(['ServiceAccount', 'ConfigMap', 'Role', 'RoleBinding', 'Service', 'Deployment']));
    for (const o of manifest) expect([refOf(o), await exists(o)]).toEqual([refOf(o), true]);
    const deployments = (
      await cp.kubeConfig.makeApiClient(AppsV1Api).listNamespacedDeployment({ namespace: ns.name, labelSelector: `app.kubernetes.io/instance=${RELEASE}` })
    ).items;
    expect(deployments.length).toBeGreaterThanOrEqual(2); // the scaler and its proxies
    for (const d of deployments) expect([d.metadata?.name, d.status?.readyReplicas]).toEqual([d.metadata?.name, d.spec?.replicas]);
  });

  it('upgrades: the new config reaches the ConfigMap and the scaler rolls to it (its checksum annotation)', async () => {
    const apps = cp.kubeConfig.makeApiClient(AppsV1Api);
    const before = await apps.readNamespacedDeployment({ name: RELEASE, namespace: ns.name });
    await helm(cp, ['upgrade', RELEASE, CHART_DIR, '-n', ns.name, '-f', file, '--set', 'actuator.dryRun=true', '--wait', '--timeout', '90s']);
    const config = await cp.kubeConfig.makeApiClient(CoreV1Api).readNamespacedConfigMap({ name: `${RELEASE}-config`, namespace: ns.name });
    expect((parse(config.data!['config.yaml']!) as { spec: { kubernetes: { dryRun?: boolean }; loop: { dryRun?: boolean } } }).spec.loop.dryRun).toBe(true);
    const after = await apps.readNamespacedDeployment({ name: RELEASE, namespace: ns.name });
    expect(after.spec?.template.metadata?.annotations?.['checksum/config']).not.toBe(before.spec?.template.metadata?.annotations?.['checksum/config']);
    expect(after.metadata?.generation).toBeGreaterThan(before.metadata?.generation ?? 0);
    expect(after.status?.updatedReplicas).toBe(1);
    const history = JSON.parse((await helm(cp, ['history', RELEASE, '-n', ns.name, '-o', 'json'])).stdout) as { revision: number; status: string }[];
    expect(history.map((h) => [h.revision, h.status])).toEqual([
      [1, 'superseded'],
      [2, 'deployed'],
    ]);
  });

  it("uninstalls: the chart's objects go; what the scaler created (as its ServiceAccount, which the Role allows) stays", async () => {
    // What the scaler makes at run time, made here by the chart's own ServiceAccount: its Role must allow it.
    const sa = await serviceAccountKubeconfig(cp, ns.name, RELEASE);
    const lease = { metadata: { name: `${RELEASE}-leader` }, spec: { holderIdentity: 'demo-pod', leaseDurationSeconds: 15 } };
    await sa.kubeConfig.makeApiClient(CoordinationV1Api).createNamespacedLease({ namespace: ns.name, body: lease });
    const kept = [`Lease/${RELEASE}-leader`];
    if (scaler !== 'sponge') {
      const owned = { app: 'x', 'app.kubernetes.io/managed-by': 'infscale', 'infscale.io/scaler': scaler };
      const variant = existingDeployment('resnet-resnet18', ns.name);
      variant.metadata.labels = owned;
      variant.spec.selector.matchLabels = owned;
      variant.spec.template.metadata.labels = owned;
      await sa.kubeConfig.makeApiClient(AppsV1Api).createNamespacedDeployment({ namespace: ns.name, body: variant });
      await sa.kubeConfig
        .makeApiClient(CoreV1Api)
        .createNamespacedConfigMap({ namespace: ns.name, body: { metadata: { name: 'infscale-routing', labels: owned }, data: {} } });
      kept.push('Deployment/resnet-resnet18', 'ConfigMap/infscale-routing');
    } else {
      kept.push('Deployment/resnet18'); // the user's model deployment
    }
    await helm(cp, ['uninstall', RELEASE, '-n', ns.name, '--wait', '--timeout', '90s']);
    for (const o of manifest) expect([refOf(o), await exists(o)]).toEqual([refOf(o), false]);
    const apiVersionOf: Record<string, string> = { Lease: 'coordination.k8s.io/v1', Deployment: 'apps/v1', ConfigMap: 'v1' };
    for (const ref of kept) {
      const [k, n] = ref.split('/') as [string, string];
      expect([ref, await exists({ apiVersion: apiVersionOf[k], kind: k, metadata: { name: n } })]).toEqual([ref, true]);
    }
  });
});
