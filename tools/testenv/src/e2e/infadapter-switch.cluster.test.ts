/**
 * InfAdapter's make-before-break variant switch on the real control plane, with the data plane and a
 * load generator in the loop. The scaler runs as a process out of the cluster, as the chart's
 * ServiceAccount; two emulator processes are the variants' servers (no container runs in the test
 * cluster) behind the dispatcher process; `infscale loadgen` sends open-loop load through the
 * dispatcher; Prometheus scrapes them. The load is more than ResNet152 can serve within the budget, so
 * the scaler switches to ResNet18. What the test proves is the order of the switch, from the API
 * server's audit log and a watch: the new Deployment, its ReplicaSet and pods Ready, the quotas, and
 * only then the old Deployment deleted; and that not one request failed meanwhile.
 */
import { AppsV1Api } from '@kubernetes/client-node';
import { buildDeployment, parseKubeActuatorConfig } from '@infscale/kube';
import { AuditLog, describeAudit, testControlPlane, until, watchPods, WRITE_VERBS, type TestControlPlane } from '@infscale/kube/testing';
import { startPrometheus, type RunningPrometheus } from '@infscale/metrics/testing';
import { loadInfAdapterProfiles } from '@infscale/profiles';
import { httpGet } from '@infscale/runtime/testing';
import { infAdapterVariantsFromProfiles } from '@infscale/scalers';
import { profileFromCapacities } from '@infscale/emulator';
import { installChart, type ChartRelease } from './support/chart-release';
import { Child } from './support/child';
import { APP_MAIN, CLI, EMULATOR } from './support/paths';

jest.setTimeout(180_000);

const BUDGET = 3;
const VARIANTS = ['resnet18', 'resnet152'];
const deploymentOf = (variant: string) => `resnet-${variant}`;
const profiled = infAdapterVariantsFromProfiles(loadInfAdapterProfiles(), { capacity: 'fit', maxCores: BUDGET });
const podOf = (deployment: string) => `${deployment}-5d9c7b8f4-abcde`;

let cp: TestControlPlane;
let chart: ChartRelease;
let prom: RunningPrometheus | undefined;
const children: Child[] = [];
const start = (child: Child) => (children.push(child), child);

afterAll(async () => {
  for (const c of children.reverse()) await c.stop();
  await prom?.stop();
  await chart?.close();
});

it('switches ResNet152 → ResNet18 make-before-break through the real Deployment controller, with zero failed requests', async () => {
  cp = await testControlPlane();
  chart = await installChart(cp, {
    name: 'e2e-infadapter',
    values: {
      scaler: 'infadapter',
      infadapter: {
        task: 'resnet',
        variants: VARIANTS.map((name) => ({ name })),
        budget: { cores: BUDGET },
        resourcePolicy: { minCores: 1, maxCores: BUDGET },
        interval: '2s',
        forecast: { model: 'ewma', margin: 0.1 },
      },
    },
  });
  const namespace = chart.ns.name;
  // The cluster as the scaler finds it: ResNet152 alone, 2 cores, its pods from the chart's template.
  const kube = parseKubeActuatorConfig({ ...chart.spec.kubernetes, scaler: 'infadapter' });
  const apps = cp.kubeConfig.makeApiClient(AppsV1Api);
  await apps.createNamespacedDeployment({
    namespace,
    body: buildDeployment({ name: deploymentOf('resnet152'), variant: 'resnet152', stage: 'main', replicas: 1, cores: 2, batch: 1 }, kube),
  });

  // The variants' servers: generous workers, so whatever the quotas the servers keep up (the switch is what is tested).
  const emulators: Record<string, string> = {};
  for (const variant of VARIANTS) {
    const capacity = profiled.find((v) => v.name === variant)!.capacityRps;
    const emulator = start(
      Child.node(`emulator ${variant}`, EMULATOR, [
        '--variant',
        variant,
        '--profile',
        JSON.stringify(profileFromCapacities(capacity)),
        '--cores',
        '2',
        '--workers',
        '8',
      ]),
    );
    emulators[variant] = await emulator.readyUrl();
  }
  const dispatcher = start(
    Child.node('dispatcher', CLI, [
      'proxy',
      'dispatcher',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--admin-port',
      '0',
      ...VARIANTS.flatMap((v) => ['--variant', `${deploymentOf(v)}=${emulators[v]}`]),
      '--quota',
      `${deploymentOf('resnet152')}=1`,
      '--quota',
      `${deploymentOf('resnet18')}=0`,
    ]),
  );
  // Its admin port on loopback: the scaler POSTs its quotas there (no token needed on 127.0.0.1).
  const { url: dispatcherUrl, adminUrl } = await dispatcher.ready();
  // Prometheus scrapes each server as its deployment's pod, as service discovery would label it.
  prom = await startPrometheus({
    targets: [
      ...VARIANTS.map((v) => ({ url: `${emulators[v]}/metrics`, labels: { namespace, pod: podOf(deploymentOf(v)) }, job: `model-${v}` })),
      { url: `${dispatcherUrl}/metrics`, labels: { namespace, pod: podOf('dispatcher') }, job: 'dispatcher' },
    ],
  });

  const config = chart.writeConfig('infadapter.yaml', (spec) => {
    spec.prometheus.serverAddress = prom!.url;
    Object.assign(spec.scaler, { firstDecisionAfter: '4s', historySeconds: 6 });
    spec.kubernetes.routing = { ...(spec.kubernetes.routing as object), adminUrls: { main: adminUrl } };
    spec.kubernetes.awaitReady = { pollMs: 200, timeoutMs: 60_000 };
  });

  // Every pod's Ready moment, as the API server streams it.
  const readyAt: Record<string, number> = {};
  const stopWatch = await watchPods(cp.kubeConfig, namespace, (_, pod) => {
    const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    const name = pod.metadata?.name ?? '';
    if (ready && readyAt[name] === undefined) readyAt[name] = Date.now();
  });
  const audit = new AuditLog(cp.auditLog);
  const mark = audit.mark();

  // ~20 req/s for 30 s (IPA's steady-high window × 0.7): more than ResNet152 serves on 3 cores (7 req/s).
  const loadgen = start(
    Child.node('loadgen', CLI, [
      'loadgen',
      '--url',
      `${dispatcherUrl}/predict`,
      '--window',
      'steady-high',
      '--scale',
      '0.7',
      '--max-seconds',
      '30',
      '--timeout-ms',
      '10000',
      '--json',
    ]),
  );
  const scaler = start(Child.node('infadapter', APP_MAIN('infadapter'), ['--config', config], { POD_NAME: 'infadapter-e2e' }));
  await scaler.waitFor('starting', (l) => l.msg === 'infadapter starting');

  const writes = () => audit.read(mark, { namespace, username: chart.sa.username, verbs: WRITE_VERBS });
  const deleted = await until(
    'the old variant deleted by the scaler',
    // (a 409 first is fine: the deployment controller's status write moved the resourceVersion the DELETE was conditioned on)
    async () =>
      writes().find(
        (e) =>
          e.verb === 'delete' && e.objectRef?.resource === 'deployments' && e.objectRef.name === deploymentOf('resnet152') && e.responseStatus?.code === 200,
      ),
    { timeoutMs: 90_000, intervalMs: 250, describe: () => `${writes().map(describeAudit).join(', ')}; scaler: ${scaler.stdout.slice(-3).join(' | ')}` },
  );
  const summary = JSON.parse((await loadgen.exited, loadgen.stdout.filter((l) => l.startsWith('{')).pop() ?? '{}')) as {
    sent: number;
    ok: number;
    failed: number;
  };
  stopWatch();

  // Not one request failed before, during or after the switch.
  expect(summary.sent).toBeGreaterThan(400);
  expect(summary.failed).toBe(0);
  expect(summary.ok).toBe(summary.sent);

  // The order, on the API server's clock: create the new Deployment; the ReplicaSet controller makes
  // its pod, the scheduler binds it, the kubelet reports it Ready; then the quotas (the routing
  // ConfigMap and the dispatcher); then the old Deployment goes.
  const time = (at: string) => new Date(at).getTime();
  const ours = writes();
  const created = ours.find((e) => e.verb === 'create' && e.objectRef?.resource === 'deployments' && e.objectRef.name === deploymentOf('resnet18'));
  const routed = ours.find(
    (e) => e.objectRef?.resource === 'configmaps' && e.objectRef.name === 'infscale-routing' && e.stageTimestamp < deleted.requestReceivedTimestamp,
  );
  expect(created?.responseStatus?.code).toBe(201);
  expect(routed).toBeDefined();
  const replicaSets = audit
    .read(mark, { namespace, resource: 'replicasets', verbs: ['create'] })
    .filter((e) => e.objectRef?.name?.startsWith(`${deploymentOf('resnet18')}-`));
  // The controller, not the scaler, makes them; after the switch the improved method may change ResNet18's
  // cores (in place; a rolling restart, one more ReplicaSet, where the node cannot give them).
  expect(replicaSets.length).toBeGreaterThanOrEqual(1);
  expect([...new Set(replicaSets.map((e) => e.user.username))]).toEqual(['system:serviceaccount:kube-system:deployment-controller']);
  const newPod = Object.keys(readyAt).find((p) => p.startsWith(`${deploymentOf('resnet18')}-`));
  expect(newPod).toBeDefined();
  // (the controller may create the ReplicaSet before the API server has finished answering the Deployment's create)
  expect(time(created!.requestReceivedTimestamp)).toBeLessThanOrEqual(time(replicaSets[0]!.requestReceivedTimestamp));
  expect(readyAt[newPod!]).toBeLessThanOrEqual(time(routed!.requestReceivedTimestamp));
  expect(time(routed!.stageTimestamp)).toBeLessThanOrEqual(time(deleted.requestReceivedTimestamp));
  expect(deleted.responseStatus?.code).toBe(200);
  // The chart's Role allowed every write of the scaler (a 404 is the routing ConfigMap's patch before its create).
  expect(ours.filter((e) => e.responseStatus?.code === 403).map(describeAudit)).toEqual([]);
  expect(ours.filter((e) => e.annotations?.['authorization.k8s.io/decision'] !== 'allow').map(describeAudit)).toEqual([]);

  // The dispatcher ends with all of the quota on ResNet18.
  const quotas = JSON.parse((await httpGet(`${adminUrl}/admin/quotas`)).body) as { weights: Record<string, number> };
  expect(
    Object.entries(quotas.weights)
      .filter(([, w]) => w > 0)
      .map(([d]) => d),
  ).toEqual([deploymentOf('resnet18')]);
  expect(
    (await apps.listNamespacedDeployment({ namespace, labelSelector: 'app.kubernetes.io/managed-by=infscale' })).items.map((d) => d.metadata?.name),
  ).toEqual([deploymentOf('resnet18')]);
});
