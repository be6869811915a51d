/**
 * InfAdapter's improved method (the chart's default) changing a running variant's cores in place, as
 * deployed: the chart installed by helm, the app run out of the cluster as the chart's ServiceAccount,
 * so the chart's Role, enforced by the real RBAC authorizer, is what it may do. One variant runs at 1
 * core and Prometheus shows more load than 1 core serves; the decision grows it, and the change must
 * reach the running pod through pods/resize (the kubelet stand-in carries the resize out): the same pod,
 * no new ReplicaSet, nothing refused. With `resize: restart` in the values the Role has no pods/resize
 * and the same load rolls the pods instead.
 */
import { AppsV1Api, CoreV1Api, RbacAuthorizationV1Api, type V1Pod } from '@kubernetes/client-node';
import type { Action, DecisionRecord } from '@infscale/core';
import { buildDeployment, CORES_ANNOTATION, parseKubeActuatorConfig } from '@infscale/kube';
import { AuditLog, describeAudit, type AuditEvent, testControlPlane, until, WRITE_VERBS, type TestControlPlane } from '@infscale/kube/testing';
import { startPrometheus, startSyntheticKubeStateMetrics, startSyntheticPod, type RunningPrometheus } from '@infscale/metrics/testing';
import { installChart, type ChartRelease } from './support/chart-release';
import { Child } from './support/child';
import { APP_MAIN } from './support/paths';

jest.setTimeout(180_000);

const DEPLOYMENT = 'resnet-resnet18';
/** ResNet18's profiled capacity at 750 ms is 19 req/s on 1 core, 43 on 2, 68 on 3: 50 req/s needs 3. */
const LOAD_RPS = 50;

interface Stack {
  chart: ChartRelease;
  prom: RunningPrometheus;
}

let cp: TestControlPlane;
/** What each test started, stopped last-started first. */
const teardown: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  cp = await testControlPlane();
});
afterAll(async () => {
  for (const stop of teardown.reverse()) await stop();
});

const podsOf = async (chart: ChartRelease): Promise<V1Pod[]> =>
  (await cp.kubeConfig.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: chart.ns.name })).items.filter(
    (p) => p.metadata?.name?.startsWith(`${DEPLOYMENT}-`) && !p.metadata.deletionTimestamp,
  );
const ready = (p: V1Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const runningCpu = (p: V1Pod) => p.status?.containerStatuses?.[0]?.resources?.requests?.cpu;

/** The chart for InfAdapter with ResNet18 alone (`extra` over it), ResNet18 running at 1 core, and Prometheus seeing 50 req/s on it. */
async function startStack(name: string, extra: Record<string, unknown> = {}): Promise<Stack & { pod: V1Pod }> {
  const chart = await installChart(cp, {
    name,
    values: {
      scaler: 'infadapter',
      infadapter: {
        task: 'resnet',
        variants: [{ name: 'resnet18' }],
        budget: { cores: 4 },
        resourcePolicy: { minCores: 1, maxCores: 4 },
        forecast: { model: 'ewma', margin: 0.1 },
        ...extra,
      },
    },
  });
  teardown.push(() => chart.close());
  const namespace = chart.ns.name;
  const kube = parseKubeActuatorConfig({ ...chart.spec.kubernetes, scaler: 'infadapter' });
  await cp.kubeConfig.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace,
    body: buildDeployment({ name: DEPLOYMENT, variant: 'resnet18', stage: 'main', replicas: 1, cores: 1, batch: 1 }, kube),
  });
  const [pod] = await until(
    'ResNet18 Ready at 1 core',
    async () => {
      const pods = await podsOf(chart);
      return pods.length === 1 && ready(pods[0]!) ? pods : undefined;
    },
    { timeoutMs: 60_000 },
  );
  const model = await startSyntheticPod({ requestsPerSecond: LOAD_RPS, cpuCores: 1 });
  teardown.push(() => model.close());
  const kubeStateMetrics = await startSyntheticKubeStateMetrics({ [DEPLOYMENT]: 1 });
  teardown.push(() => kubeStateMetrics.close());
  const prom = await startPrometheus({
    targets: [
      { url: model.url, labels: { namespace, pod: pod!.metadata!.name! } },
      { url: kubeStateMetrics.url, labels: { namespace } },
    ],
  });
  teardown.push(() => prom.stop());
  await prom.waitFor(`count_over_time(infscale_model_requests_total{namespace="${namespace}"}[9s])`, (v) => v.length === 1 && v[0]! >= 6, 30_000);
  return { chart, prom, pod: pod! };
}

/** One decision of the app (`--once`: decide, carry out the plan, exit), as the chart's ServiceAccount. */
async function runOnce(s: Stack): Promise<{ record: DecisionRecord; writes: AuditEvent[] }> {
  const config = s.chart.writeConfig('infadapter.yaml', (spec) => {
    spec.prometheus.serverAddress = s.prom.url;
    spec.kubernetes.resize = { pollMs: 200, deferredTimeoutMs: 30_000, timeoutMs: 60_000 };
    spec.kubernetes.awaitReady = { pollMs: 200, timeoutMs: 60_000 };
  });
  const audit = new AuditLog(cp.auditLog);
  const mark = audit.mark();
  const app = Child.node('infadapter', APP_MAIN('infadapter'), ['--config', config, '--once'], { POD_NAME: `${s.chart.release}-once` });
  const exit = await app.exited;
  expect({ exit, stderr: exit.code === 0 ? [] : app.stderr.slice(-5) }).toEqual({ exit: { code: 0, signal: null }, stderr: [] });
  const record = JSON.parse(app.stdout.join('\n')) as DecisionRecord;
  return { record, writes: audit.read(mark, { namespace: s.chart.ns.name, username: s.chart.sa.username, verbs: WRITE_VERBS }) };
}

const isPodResize = (e: { objectRef?: { resource?: string; subresource?: string } }) =>
  e.objectRef?.resource === 'pods' && e.objectRef.subresource === 'resize';
const resizeOf = (record: DecisionRecord) =>
  record.plan?.actions.find((a): a is Extract<Action, { type: 'resize' }> => a.type === 'resize' && a.name === DEPLOYMENT);
const roleGrants = async (chart: ChartRelease, resource: string) =>
  (await cp.kubeConfig.makeApiClient(RbacAuthorizationV1Api).readNamespacedRole({ name: chart.release, namespace: chart.ns.name })).rules?.some((r) =>
    r.resources?.includes(resource),
  ) ?? false;

it("the improved method (the chart's default) grows the running variant in place through pods/resize: the same pod, no rollout, nothing refused", async () => {
  const s = await startStack('e2e-infadapter-inplace');
  expect(await roleGrants(s.chart, 'pods/resize')).toBe(true);
  const { record, writes } = await runOnce(s);

  // The variant stays and grows: a resize in the improved method's mode.
  const resize = resizeOf(record);
  expect(resize).toMatchObject({ mode: 'in-place-or-restart' });
  expect(resize!.cores).toBeGreaterThan(1);
  expect(record.plan?.actions.map((a) => a.type)).not.toContain('create');

  // Through pods/resize on the running pod, allowed by the chart's Role; no template change.
  const resizes = writes.filter(isPodResize);
  expect(resizes.map((e) => [e.objectRef?.name, e.responseStatus?.code])).toEqual([[s.pod.metadata!.name, 200]]);
  expect(writes.filter((e) => e.annotations?.['authorization.k8s.io/decision'] !== 'allow').map(describeAudit)).toEqual([]);
  const apps = cp.kubeConfig.makeApiClient(AppsV1Api);
  const deployment = await apps.readNamespacedDeployment({ name: DEPLOYMENT, namespace: s.chart.ns.name });
  expect(deployment.spec?.template.spec?.containers[0]?.resources?.limits?.cpu).toBe('1');
  expect(deployment.metadata?.annotations?.[CORES_ANNOTATION]).toBe(String(resize!.cores));
  const replicaSets = (await apps.listNamespacedReplicaSet({ namespace: s.chart.ns.name })).items.filter((r) => r.metadata?.name?.startsWith(`${DEPLOYMENT}-`));
  expect(replicaSets).toHaveLength(1);

  // The same pod (uid) now runs with the decided cores.
  const [pod] = await podsOf(s.chart);
  expect(pod?.metadata?.uid).toBe(s.pod.metadata?.uid);
  expect(runningCpu(pod!)).toBe(String(resize!.cores));
});

it('with infadapter.resize: restart the Role has no pods/resize, and the same change rolls the pods instead', async () => {
  const s = await startStack('e2e-infadapter-restart', { resize: 'restart' });
  expect(await roleGrants(s.chart, 'pods/resize')).toBe(false);
  const { record, writes } = await runOnce(s);

  const resize = resizeOf(record);
  expect(resize).toMatchObject({ mode: 'restart' });
  expect(writes.filter(isPodResize).map(describeAudit)).toEqual([]);
  expect(writes.filter((e) => e.annotations?.['authorization.k8s.io/decision'] !== 'allow').map(describeAudit)).toEqual([]);
  const deployment = await cp.kubeConfig.makeApiClient(AppsV1Api).readNamespacedDeployment({ name: DEPLOYMENT, namespace: s.chart.ns.name });
  expect(deployment.spec?.template.spec?.containers[0]?.resources?.limits?.cpu).toBe(String(resize!.cores));
});
