/**
 * Sponge as a process out of the cluster, as the chart's ServiceAccount, resizing the user's model
 * pod in place through the real pods/resize subresource. Prometheus scrapes a synthetic model pod
 * (its arrival rate and queue) and a kube-state-metrics stand-in: the load is more than one core
 * serves, so Sponge asks for more. Two nodes' worth of trouble, each in a namespace of its own:
 * - beyond the node's allocatable the API server refuses the resize at admission (403, NodeCapacity);
 *   Sponge takes the size the pod has as its ceiling and scales out instead of asking again;
 * - on a node the other pods fill, the kubelet defers the resize (PodResizePending/Deferred); it goes
 *   through once room frees.
 */
import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type V1Pod } from '@kubernetes/client-node';
import { AuditLog, describeAudit, existingDeployment, testControlPlane, until, watchPods, WRITE_VERBS, type TestControlPlane } from '@infscale/kube/testing';
import { startPrometheus, startSyntheticKubeStateMetrics, startSyntheticPod, type RunningPrometheus, type SyntheticPod } from '@infscale/metrics/testing';
import { installChart, type ChartRelease } from './support/chart-release';
import { Child } from './support/child';
import { APP_MAIN } from './support/paths';

jest.setTimeout(180_000);

const TARGET = 'resnet18';
const MERGE = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

interface Stack {
  chart: ChartRelease;
  prom: RunningPrometheus;
  servers: SyntheticPod[];
  scaler: Child;
  audit: AuditLog;
  mark: number;
}

let cp: TestControlPlane;
const stacks: Stack[] = [];

beforeAll(async () => {
  cp = await testControlPlane();
});
afterAll(async () => {
  for (const s of stacks) {
    await s.scaler.stop();
    await s.prom.stop();
    await Promise.all(s.servers.map((p) => p.close()));
    await s.chart.close();
  }
});

/** The chart installed for Sponge on `nodeCpu` cores, `other` cores held by another deployment, and Sponge running against 150 req/s. */
async function startSponge(name: string, nodeCpu: string, other: number, maxCores: number): Promise<Stack> {
  const chart = await installChart(cp, {
    name,
    nodes: [{ cpu: nodeCpu }],
    values: {
      scaler: 'sponge',
      sponge: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: TARGET }, containerName: 'model', resourcePolicy: { minCores: 1, maxCores } },
    },
    before: async (ns) => {
      const apps = cp.kubeConfig.makeApiClient(AppsV1Api);
      await apps.createNamespacedDeployment({ namespace: ns.name, body: existingDeployment(TARGET, ns.name, { cores: 1, timing: { resizeDelayMs: 500 } }) });
      if (other > 0) await apps.createNamespacedDeployment({ namespace: ns.name, body: existingDeployment('other', ns.name, { cores: other }) });
    },
  });
  const namespace = chart.ns.name;
  const servers = [
    await startSyntheticPod({ requestsPerSecond: 150, cpuCores: 1, queueLength: 3, budgetsMs: [500, 700, 900] }),
    await startSyntheticKubeStateMetrics({ [TARGET]: 1 }),
  ];
  const prom = await startPrometheus({
    targets: [
      { url: servers[0]!.url, labels: { namespace, pod: `${TARGET}-5d9c7b8f4-abcde` } },
      { url: servers[1]!.url, labels: { namespace } },
    ],
  });
  await prom.waitFor(`count_over_time(infscale_model_requests_total{namespace="${namespace}"}[9s])`, (v) => v.length === 1 && v[0]! >= 6, 30_000);
  const config = chart.writeConfig('sponge.yaml', (spec) => {
    spec.prometheus.serverAddress = prom.url;
    spec.scaler.replicas = { max: 2, foldBackAfter: '10m' };
    spec.kubernetes.resize = { pollMs: 200, deferredTimeoutMs: 60_000, timeoutMs: 60_000 };
    spec.kubernetes.awaitReady = { pollMs: 200, timeoutMs: 60_000 };
  });
  const audit = new AuditLog(cp.auditLog);
  const mark = audit.mark();
  const scaler = Child.node('sponge', APP_MAIN('sponge'), ['--config', config], { POD_NAME: `${name}-replica` });
  const stack = { chart, prom, servers, scaler, audit, mark };
  stacks.push(stack);
  await scaler.waitFor('starting', (l) => l.msg === 'sponge starting');
  return stack;
}

const writesOf = (s: Stack) => s.audit.read(s.mark, { namespace: s.chart.ns.name, username: s.chart.sa.username, verbs: WRITE_VERBS });
const isResize = (e: { objectRef?: { resource?: string; subresource?: string } }) => e.objectRef?.resource === 'pods' && e.objectRef.subresource === 'resize';

it("beyond the node's allocatable: the API server refuses the resize (403 NodeCapacity), and Sponge scales out at the size the pod has instead of asking again", async () => {
  const s = await startSponge('e2e-sponge-capacity', '4', 0, 16);
  const scaledOut = await until(
    'a scale-out after the refused resize',
    async () => writesOf(s).find((e) => e.objectRef?.resource === 'deployments' && e.objectRef.subresource === 'scale' && e.responseStatus?.code === 200),
    { timeoutMs: 90_000, intervalMs: 250, describe: () => `${writesOf(s).map(describeAudit).join(', ')}; ${s.scaler.stdout.slice(-2).join(' | ')}` },
  );
  const refused = writesOf(s).filter((e) => isResize(e) && e.responseStatus?.code === 403);
  expect(refused.length).toBeGreaterThanOrEqual(1);
  expect(refused[0]!.requestReceivedTimestamp < scaledOut.requestReceivedTimestamp).toBe(true);
  // Said so: the refusal as an infeasible resize (event and log), then the ceiling in the next decision.
  const log = s.scaler.json();
  expect(
    log.some((l) =>
      /In-place resize to \d+ cores infeasible on resnet18-\S+: node didn't have enough allocatable resources: cpu, requested: \d+, allocatable: 4000 \(refused by the API server\)/.test(
        String(l.error ?? ''),
      ),
    ),
  ).toBe(true);
  expect(log.some((l) => l.decision === 'apply' && /infeasible/.test(String(l.reason)))).toBe(true);
  const apps = cp.kubeConfig.makeApiClient(AppsV1Api);
  await until(
    'two Ready replicas',
    async () => ((await apps.readNamespacedDeployment({ name: TARGET, namespace: s.chart.ns.name })).status?.readyReplicas === 2 ? true : undefined),
    { timeoutMs: 30_000 },
  );
  // While the ceiling holds (resizeCeilingHold, 60 s) it asks for nothing the node cannot give.
  const after = writesOf(s).filter((e) => isResize(e) && e.requestReceivedTimestamp > scaledOut.requestReceivedTimestamp);
  expect(after.filter((e) => e.responseStatus?.code === 403).map(describeAudit)).toEqual([]);
  // Nothing else was refused by the chart's Role.
  expect(
    writesOf(s)
      .filter((e) => e.responseStatus?.code === 403 && !isResize(e))
      .map(describeAudit),
  ).toEqual([]);
});

it('on a node the other pods fill: the kubelet defers the resize (PodResizePending/Deferred), and it goes through once room frees', async () => {
  // 8 cores: the target's 1, another deployment's 6 and the chart's own scaler pod (100m) leave 0.9 free;
  // Sponge may ask up to 7 (the admission check passes, and 7 fits once the other deployment is gone).
  const s = await startSponge('e2e-sponge-deferred', '8', 6, 7);
  const namespace = s.chart.ns.name;
  let deferred: V1Pod | undefined;
  const stop = await watchPods(cp.kubeConfig, namespace, (_, pod) => {
    if (pod.metadata?.name?.startsWith(`${TARGET}-`) && pod.status?.conditions?.some((c) => c.type === 'PodResizePending' && c.reason === 'Deferred'))
      deferred ??= pod;
  });
  try {
    await until('a Deferred resize of the model pod', async () => deferred, { timeoutMs: 90_000, describe: () => writesOf(s).map(describeAudit).join(', ') });
  } finally {
    stop();
  }
  const wanted = deferred!.spec!.containers[0]!.resources!.requests!.cpu!;
  expect(Number(wanted)).toBeGreaterThan(2);
  expect(deferred!.status?.containerStatuses?.[0]?.resources?.requests?.cpu).toBe('1'); // still running at 1 core
  expect(
    writesOf(s)
      .filter(isResize)
      .map((e) => e.responseStatus?.code),
  ).toContain(200); // admitted: the node could hold it
  // The other deployment scales to 0: the kubelet carries the resize out. Scaled, not deleted: a deleted
  // deployment's pods go only when the garbage collector reaches them, which a loaded CI machine delayed
  // past this test's minute once; the ReplicaSet controller removes scaled-down pods at once.
  await cp.kubeConfig.makeApiClient(AppsV1Api).patchNamespacedDeploymentScale({ name: 'other', namespace, body: { spec: { replicas: 0 } } }, MERGE);
  // What the last look saw, so a timeout names where the resize stopped (CI timed out here once with no clue).
  let seen = '';
  const pod = await until(
    'the model pod running with more than 1 core',
    async () => {
      const core = s.chart.sa.kubeConfig.makeApiClient(CoreV1Api);
      const [p] = (await core.listNamespacedPod({ namespace, labelSelector: `app=${TARGET}` })).items;
      const cpu = p?.status?.containerStatuses?.[0]?.resources?.requests?.cpu;
      const others = (await core.listNamespacedPod({ namespace })).items.filter((o) => o.metadata?.name?.startsWith('other-'));
      seen =
        `${p?.metadata?.name ?? 'no model pod'}: spec cpu ${p?.spec?.containers[0]?.resources?.requests?.cpu}, running cpu ${cpu}, ` +
        `conditions ${JSON.stringify((p?.status?.conditions ?? []).filter((c) => c.type.startsWith('PodResize')).map((c) => [c.type, c.reason, c.message]))}; ` +
        `other pods left: ${others.map((o) => `${o.metadata?.name}${o.metadata?.deletionTimestamp ? ' (terminating)' : ''}`).join(', ') || 'none'}`;
      return cpu !== undefined && cpu !== '1' && !p?.status?.conditions?.some((c) => c.type.startsWith('PodResize')) ? p : undefined;
    },
    { timeoutMs: 60_000, describe: () => seen },
  );
  expect(pod.metadata?.uid).toBe(deferred!.metadata?.uid); // the same pod, resized in place
  expect(
    writesOf(s)
      .filter((e) => e.responseStatus?.code === 403)
      .map(describeAudit),
  ).toEqual([]);
});
