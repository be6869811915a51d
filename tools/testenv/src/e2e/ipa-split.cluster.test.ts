/**
 * IPA's split of one stage between two variants, end to end through the chart: the chart installed
 * with its data plane, the yolo stage queue started (here, as a process) with the very args the chart
 * gave its Deployment, and packages/kube's actuator, as the chart's ServiceAccount, creating two of the
 * stage's variant deployments and routing the stage to both. The queue must accept the split (before
 * the chart named each variant's URL it answered 400 "no URL for variant"), and the chart's
 * per-variant Services must select exactly the pods of the deployment they are named after.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { get } from 'node:http';
import { AppsV1Api, CoreV1Api, type V1Deployment, type V1Service } from '@kubernetes/client-node';
import type { DeploymentSpec } from '@infscale/core';
import { KubernetesActuator, parseKubeActuatorConfig } from '@infscale/kube';
import { runPlan, testControlPlane, until } from '@infscale/kube/testing';
import { ipaConfigSchema, ipaDeploymentFor, resolveIpaPipeline } from '@infscale/scalers';
import { installChart, type ChartRelease } from './support/chart-release';
import { Child } from './support/child';
import { CLI } from './support/paths';

jest.setTimeout(180_000);

const TOKEN = 'e2e-split-admin-token';
let chart: ChartRelease | undefined;
let queue: Child | undefined;
let tokenDir: string | undefined;

afterAll(async () => {
  await queue?.stop();
  await chart?.close();
  if (tokenDir) fs.rmSync(tokenDir, { recursive: true, force: true });
});

/** GET /admin/stage of the queue with the admin token. */
function stageSettings(
  adminUrl: string,
): Promise<{ shares: Record<string, number>; variants: Record<string, { replicaUrls: string[]; maxBatchSize: number; maxInFlightPerUrl: number }> }> {
  return new Promise((resolve, reject) => {
    const req = get(`${adminUrl}/admin/stage`, { headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`GET /admin/stage: ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
  });
}

const selects = (selector: Record<string, string> = {}, labels: Record<string, string> = {}): boolean =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

it("the chart-started stage queue accepts the actuator's split of a stage between two variants, at the chart's per-variant Services", async () => {
  const cp = await testControlPlane();
  chart = await installChart(cp, { name: 'e2e-ipa-split', values: { scaler: 'ipa', dataplane: { enabled: true } } });
  const namespace = chart.ns.name;
  const apps = cp.kubeConfig.makeApiClient(AppsV1Api);
  const core = cp.kubeConfig.makeApiClient(CoreV1Api);

  // The stage's two least costly variants, named as the scaler names their deployments.
  const pipeline = resolveIpaPipeline(ipaConfigSchema.parse(chart.spec.scaler));
  const stage = pipeline.stages[0]!;
  const [small, large] = stage.variants
    .slice(0, 2)
    .map((v): DeploymentSpec => ({ name: ipaDeploymentFor(stage, v.name), variant: v.name, stage: stage.name, replicas: 1, cores: 1, batch: 1 }));

  // The stage queue with the args of the chart's Deployment, read back from the API server; only where
  // it listens and the token file change (the pod's own mount and interfaces do not exist here).
  tokenDir = fs.mkdtempSync(path.join(os.tmpdir(), 'admin-token-'));
  const tokenFile = path.join(tokenDir, 'token');
  fs.writeFileSync(tokenFile, TOKEN);
  const queueDeployment: V1Deployment = await apps.readNamespacedDeployment({ name: `${chart.release}-${stage.name}-queue`, namespace });
  const args = queueDeployment.spec!.template.spec!.containers[0]!.args!;
  expect(args.filter((_arg, i) => args[i - 1] === '--variant')).toEqual(
    stage.variants.map((v) => `${ipaDeploymentFor(stage, v.name)}=http://${ipaDeploymentFor(stage, v.name)}:8080`),
  );
  queue = Child.node(`${stage.name} queue`, CLI, [
    ...args,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--admin-host',
    '127.0.0.1',
    '--admin-port',
    '0',
    '--admin-token-file',
    tokenFile,
  ]);
  const { adminUrl } = await queue.ready();

  // The actuator as the chart's ServiceAccount, with the chart's kubernetes section, the queue here.
  const config = parseKubeActuatorConfig({
    ...chart.spec.kubernetes,
    scaler: 'ipa',
    stageQueues: { [stage.name]: adminUrl! },
    adminTokenFile: tokenFile,
    awaitReady: { timeoutMs: 60_000, pollMs: 200 },
  });
  const actuator = new KubernetesActuator(config, { kubeConfig: chart.sa.kubeConfig });
  expect(
    await runPlan(actuator, {
      reason: 'create',
      actions: [
        { type: 'create', spec: small! },
        { type: 'create', spec: { ...large!, batch: 2, replicas: 2 } },
      ],
    }),
  ).toEqual({ busy: false });
  expect(
    await runPlan(actuator, { reason: 'split', actions: [{ type: 'route', routing: { stage: stage.name, weights: { [small!.name]: 1, [large!.name]: 3 } } }] }),
  ).toEqual({ busy: false });

  const settings = await stageSettings(adminUrl!);
  expect(settings.shares).toEqual({ [small!.name]: 1, [large!.name]: 3 });
  expect(settings.variants[small!.name]).toMatchObject({ replicaUrls: [`http://${small!.name}:8080`], maxBatchSize: 1, maxInFlightPerUrl: 1 });
  expect(settings.variants[large!.name]).toMatchObject({ replicaUrls: [`http://${large!.name}:8080`], maxBatchSize: 2, maxInFlightPerUrl: 2 });

  // Each URL's Service, as the API server holds it, selects exactly the pods of its variant's deployment.
  const services = new Map<string, V1Service>((await core.listNamespacedService({ namespace })).items.map((s) => [s.metadata!.name!, s]));
  const pods = await until('the three model pods', async () => {
    const items = (await core.listNamespacedPod({ namespace })).items.filter((p) => !p.metadata?.deletionTimestamp);
    return items.filter((p) => p.metadata?.labels?.['app.kubernetes.io/managed-by'] === 'infscale').length === 3 ? items : undefined;
  });
  for (const spec of [small!, large!]) {
    const selector = services.get(spec.name)?.spec?.selector;
    const selected = pods.filter((p) => selects(selector, p.metadata?.labels)).map((p) => p.metadata!.labels!['infscale.io/deployment']);
    expect({ service: spec.name, selected }).toEqual({ service: spec.name, selected: Array(spec === small ? 1 : 2).fill(spec.name) });
  }
});
