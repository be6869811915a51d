/**
 * The Sponge app end to end, in process: its command line against a namespace of the real test
 * control plane (kubeconfig file, a ServiceAccount token) holding the user's model-server deployment (its own labels, none of infscale's),
 * a REAL Prometheus scraping that pod's EDF metrics (30 req/s, more than one core serves in time;
 * queued requests with their remaining budgets), and the real EDF proxy receiving the model-server hook on its admin port, with
 * the admin token from a file (modelServerHook.tokenFile). The printed decision must be the
 * pure scaler's from the same inputs; a full --once must resize the pod in place, follow the resize
 * to its end, and then tell the proxy its new cores and batch.
 */
import { EdfProxy } from '@infscale/dataplane';
import type { DecisionRecord } from '@infscale/core';
import { uniqueName, until } from '@infscale/kube/testing';
import { runAppCli, type AppStack } from '@infscale/runtime/testing';
import { spongeApp } from './build';
import { LATENCY_MODEL, startSpongeStack } from './test-support/sponge-stack';

jest.setTimeout(60_000);

const NS = uniqueName('mobile');
// One pod (vertical only): the plan resizes in place and may set the batch (recorded, not an env change).
const SCALER = {
  targetRef: { name: 'resnet18' },
  containerName: 'model',
  slo: { latencyMs: 1000 },
  resourcePolicy: { minCores: 1, maxCores: 16 },
  maxBatch: 16,
  replicas: { max: 1 },
  latencyModel: LATENCY_MODEL,
};

let stack: AppStack;
let proxy: EdfProxy;
let proxyUrl: string;
const ADMIN_TOKEN = 'sponge-e2e-admin-token';
const told: { cores: number }[] = [];
beforeAll(async () => {
  stack = await startSpongeStack(NS, 30);
  proxy = new EdfProxy({
    upstreamUrl: 'http://127.0.0.1:1/',
    batchSize: 1,
    serviceTime: { model: LATENCY_MODEL, cores: 1 },
    defaultSloMs: 1000,
    adminToken: ADMIN_TOKEN,
  });
  const setCores = proxy.setCores.bind(proxy);
  proxy.setCores = (cores: number) => {
    told.push({ cores });
    setCores(cores);
  };
  proxyUrl = await proxy.listenAdmin();
});
afterAll(async () => {
  await proxy?.close();
  await stack?.close();
});

const configFile = () =>
  stack.write(
    'sponge.yaml',
    stack.document(
      { ...SCALER, modelServerHook: { urls: [`${proxyUrl}/admin/config`], tokenFile: stack.write('admin-token', ADMIN_TOKEN) } },
      { targets: ['resnet18'], container: 'model', batchEnv: false },
    ),
  );
const proxyBatchSize = async () => Promise.resolve(proxy.queue.batchSize);
const pods = () => stack.cluster.pods('resnet18');

it('--once --dry-run prints the decision the pure scaler makes from the same observation, and changes nothing', async () => {
  const file = configFile();
  const writes = () => stack.cluster.proxy.requests.filter((r) => r.method !== 'GET').length;
  await until('the model pod Ready', async () =>
    (await stack.cluster.replicasOf('resnet18')) === 1 &&
    (await pods()).some((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
      ? true
      : undefined,
  );
  const writesBefore = writes();
  const run = await runAppCli(spongeApp, ['--config', file, '--once', '--dry-run']);
  expect(run.code).toBe(0);
  const record = JSON.parse(run.out) as DecisionRecord;
  expect(record.decision.kind).toBe('apply');
  expect(record.decision).toEqual(await stack.pureDecision(spongeApp, file, record));
  expect(record.plan?.actions).toContainEqual(expect.objectContaining({ type: 'resize', name: 'resnet18', mode: 'in-place' }));
  expect(record.plan?.actions.map((a) => a.type)).not.toContain('scale');
  expect(writes()).toBe(writesBefore);
  expect(told).toEqual([]);
  expect(run.err).toMatch(/dry-run: would tell the model server its threads/);
});

it('--once resizes the pod in place, follows the resize to its end, then tells the EDF proxy its cores', async () => {
  const before = (await pods())[0]!;
  const run = await runAppCli(spongeApp, ['--config', configFile(), '--once']);
  expect(run.code).toBe(0);
  expect(run.err).not.toMatch(/the plan failed|hook failed/);
  const record = JSON.parse(run.out) as DecisionRecord;
  const action = record.plan?.actions.find((a) => a.type === 'resize');
  if (action?.type !== 'resize' || record.decision.kind !== 'apply') throw new Error('expected a resize');
  const batch = record.decision.desired.deployments[0]!.batch;
  expect(action).toMatchObject({ name: 'resnet18', mode: 'in-place' });
  const resizes = stack.cluster.proxy.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/pods/${before.metadata!.name}/resize`));
  expect(resizes.map((r) => r.code)).toEqual([200]);
  const after = await pods();
  expect(after.map((p) => p.metadata!.uid)).toEqual([before.metadata!.uid]); // the same pod: not restarted
  expect(after[0]!.status!.containerStatuses![0]!.resources!.limits!.cpu).toBe(String(action.cores)); // the kubelet stand-in finished it
  expect(told).toEqual([{ cores: action.cores }]);
  expect(await proxyBatchSize()).toBe(batch); // the hook's batchSize reached the proxy, without a pod restart
  expect(await stack.cluster.leaseHolder('infscale-sponge')).toBeUndefined();
});
