/**
 * IPA as a process out of the cluster, as the chart's ServiceAccount, on the chart's video pipeline:
 * two stages, each with its running variant deployment and its stage queue (`infscale proxy
 * stage-queue`, a process). Prometheus scrapes synthetic model pods (20 req/s into the pipeline) and
 * the real queues. One `--once` must leave every stage as decided: the variant deployment, its
 * replicas through the scale subresource, and the batch and in-flight limit in that stage's queue
 * (POST /admin/stage), which the queue's own gauges confirm.
 */
import { AppsV1Api } from '@kubernetes/client-node';
import type { DecisionRecord, DeploymentSpec } from '@infscale/core';
import { buildDeployment, parseKubeActuatorConfig } from '@infscale/kube';
import { AuditLog, describeAudit, testControlPlane, WRITE_VERBS } from '@infscale/kube/testing';
import { startPrometheus, startSyntheticKubeStateMetrics, startSyntheticPod, type RunningPrometheus, type SyntheticPod } from '@infscale/metrics/testing';
import { httpGet } from '@infscale/runtime/testing';
import { ipaConfigSchema, ipaDeploymentFor, resolveIpaPipeline } from '@infscale/scalers';
import { installChart, type ChartRelease } from './support/chart-release';
import { Child } from './support/child';
import { APP_MAIN, CLI } from './support/paths';

jest.setTimeout(180_000);

const RUNNING: DeploymentSpec[] = [
  { name: 'video-yolo-yolov5n', variant: 'yolov5n', stage: 'yolo', replicas: 1, cores: 1, batch: 1 },
  { name: 'video-resnet-human-resnet18', variant: 'resnet18', stage: 'resnet-human', replicas: 1, cores: 1, batch: 1 },
];

let chart: ChartRelease | undefined;
let prom: RunningPrometheus | undefined;
const servers: SyntheticPod[] = [];
const children: Child[] = [];

afterAll(async () => {
  for (const c of children.reverse()) await c.stop();
  await prom?.stop();
  await Promise.all(servers.map((s) => s.close()));
  await chart?.close();
});

/** A gauge of a queue's /metrics, e.g. infscale_stage_max_batch_size{stage="yolo"}. */
async function gauge(url: string, name: string, stage: string): Promise<number> {
  const line = (await httpGet(`${url}/metrics`)).body.split('\n').find((l) => l.startsWith(`${name}{stage="${stage}"}`));
  return Number(line?.split(' ').at(-1));
}

it("--once sets each stage's variant and replicas through the real API, and its batch in the stage queue process", async () => {
  const cp = await testControlPlane();
  chart = await installChart(cp, { name: 'e2e-ipa', values: { scaler: 'ipa' } });
  const namespace = chart.ns.name;
  const kube = parseKubeActuatorConfig({ ...chart.spec.kubernetes, scaler: 'ipa' });
  const apps = cp.kubeConfig.makeApiClient(AppsV1Api);
  for (const spec of RUNNING) await apps.createNamespacedDeployment({ namespace, body: buildDeployment(spec, kube) });

  // One queue process per stage, in front of nothing (no request is sent here: only its settings matter),
  // knowing each variant by its deployment name as the chart starts it (--variant), so a split is accepted.
  const queues: Record<string, string> = {};
  const queueAdmins: Record<string, string> = {};
  const pipeline = resolveIpaPipeline(ipaConfigSchema.parse(chart.spec.scaler));
  for (const spec of RUNNING) {
    const stage = pipeline.stages.find((s) => s.name === spec.stage)!;
    const variantFlags = stage.variants.flatMap((v) => ['--variant', `${ipaDeploymentFor(stage, v.name)}=http://127.0.0.1:9/predict`]);
    const queue = Child.node(`${spec.stage} queue`, CLI, [
      'proxy',
      'stage-queue',
      '--stage',
      spec.stage,
      '--replica',
      'http://127.0.0.1:9/predict',
      ...variantFlags,
      '--max-batch',
      '1',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--admin-port',
      '0',
    ]);
    children.push(queue);
    const { url, adminUrl } = await queue.ready();
    queues[spec.stage] = url;
    queueAdmins[spec.stage] = adminUrl!;
  }
  servers.push(
    await startSyntheticPod({ requestsPerSecond: 20, cpuCores: 0.8 }),
    await startSyntheticPod({ requestsPerSecond: 20, cpuCores: 0.5 }),
    await startSyntheticKubeStateMetrics(Object.fromEntries(RUNNING.map((d) => [d.name, 1]))),
  );
  prom = await startPrometheus({
    targets: [
      { url: servers[0]!.url, labels: { namespace, pod: 'video-yolo-yolov5n-5d9c7b8f4-abcde' } },
      { url: servers[1]!.url, labels: { namespace, pod: 'video-resnet-human-resnet18-6c8b7a9d5-fghij' } },
      { url: servers[2]!.url, labels: { namespace } },
      ...RUNNING.map((d) => ({
        url: `${queues[d.stage]}/metrics`,
        labels: { namespace, pod: `video-${d.stage}-queue-7c9d8e6f5-klmno` },
        job: `queue-${d.stage}`,
      })),
    ],
  });
  await prom.waitFor(`count_over_time(infscale_model_requests_total{namespace="${namespace}"}[9s])`, (v) => v.length === 2 && v.every((n) => n >= 6), 30_000);

  const config = chart.writeConfig('ipa.yaml', (spec) => {
    spec.prometheus.serverAddress = prom!.url;
    // The stage queues are these processes (their admin ports); the batch lives only there (no rolling restart for it).
    spec.kubernetes.stageQueues = queueAdmins;
    spec.kubernetes.batchEnv = false;
    spec.kubernetes.awaitReady = { pollMs: 200, timeoutMs: 60_000 };
  });
  const audit = new AuditLog(cp.auditLog);
  const mark = audit.mark();
  const ipa = Child.node('ipa', APP_MAIN('ipa'), ['--config', config, '--once'], { POD_NAME: 'ipa-e2e' });
  children.push(ipa);
  const exit = await ipa.exited;
  expect({ code: exit.code, stderr: ipa.stderr.filter((l) => /plan failed|error/.test(l)) }).toEqual({ code: 0, stderr: [] });
  const record = ipa.json().find((l) => 'decision' in l && 'plan' in l) as unknown as DecisionRecord;
  if (record?.decision.kind !== 'apply') throw new Error(`expected an apply, got ${JSON.stringify(record?.decision)}`);

  // Every stage as decided: its deployments (two where the stage is split between variants) with their
  // replicas; an unsplit stage's batch and replicas in its queue's gauges, a split stage's shares and
  // each variant's batch and replicas in its queue's GET /admin/stage.
  const deployments = (await apps.listNamespacedDeployment({ namespace, labelSelector: 'app.kubernetes.io/managed-by=infscale' })).items;
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const actual = deployments
    .map((d) => ({ name: d.metadata!.name!, stage: d.metadata!.labels!['infscale.io/stage']!, replicas: d.spec!.replicas! }))
    .sort(byName);
  const wanted = record.decision.desired.deployments.map((d) => ({ name: d.name, stage: d.stage, replicas: d.replicas })).sort(byName);
  expect(actual).toEqual(wanted);
  for (const routing of record.decision.desired.routing) {
    const routed = record.decision.desired.deployments.filter((d) => (routing.weights[d.name] ?? 0) > 0);
    if (routed.length === 1) {
      const [d] = routed;
      expect([d!.stage, await gauge(queues[d!.stage]!, 'infscale_stage_max_batch_size', d!.stage)]).toEqual([d!.stage, d!.batch]);
      expect([d!.stage, await gauge(queues[d!.stage]!, 'infscale_stage_max_in_flight_per_url', d!.stage)]).toEqual([d!.stage, d!.replicas]);
    } else {
      const shown = JSON.parse((await httpGet(`${queueAdmins[routing.stage]}/admin/stage`)).body) as {
        shares: Record<string, number>;
        variants: Record<string, { maxBatchSize: number; maxInFlightPerUrl: number }>;
      };
      expect([routing.stage, shown.shares]).toEqual([routing.stage, Object.fromEntries(routed.map((d) => [d.name, routing.weights[d.name]]))]);
      for (const d of routed)
        expect([d.name, shown.variants[d.name]]).toEqual([d.name, expect.objectContaining({ maxBatchSize: d.batch, maxInFlightPerUrl: d.replicas })]);
    }
  }
  const writes = audit.read(mark, { namespace, username: chart.sa.username, verbs: WRITE_VERBS });
  // Replicas through the scale subresource when a stage keeps its variant and changes size, never a template rollout for a batch.
  const scaled = record.plan?.actions.filter((a) => a.type === 'scale') ?? [];
  for (const a of scaled)
    expect(
      writes.some((e) => e.objectRef?.subresource === 'scale' && e.objectRef.name === (a as { name: string }).name && e.responseStatus?.code === 200),
    ).toBe(true);
  expect(writes.filter((e) => e.responseStatus?.code === 403).map(describeAudit)).toEqual([]);
  expect(record.plan?.actions.length).toBeGreaterThan(0);
});
