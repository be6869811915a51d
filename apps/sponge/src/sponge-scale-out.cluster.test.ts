/**
 * Sponge's joint vertical + horizontal scaling end to end: more load than one pod at its largest size
 * serves (maxCores 4), so the plan resizes the user's pod in place AND adds a replica. The new pod
 * starts from the deployment's template (1 core: the template is never changed, it would roll the
 * pods); the actuator must resize it in place too, so the run ends with two ready pods at the decided
 * cores, the first one never restarted. Its own stack (one Prometheus per file).
 */
import type { DecisionRecord } from '@infscale/core';
import { uniqueName, until } from '@infscale/kube/testing';
import { runAppCli, type AppStack } from '@infscale/runtime/testing';
import { spongeApp } from './build';
import { LATENCY_MODEL, startSpongeStack } from './test-support/sponge-stack';

jest.setTimeout(60_000);

const NS = uniqueName('mobile-scale-out');
const SCALER = {
  targetRef: { name: 'resnet18' },
  containerName: 'model',
  slo: { latencyMs: 1000 },
  resourcePolicy: { minCores: 1, maxCores: 4 },
  maxBatch: 16,
  replicas: { max: 2 },
  latencyModel: LATENCY_MODEL,
};

let stack: AppStack;
beforeAll(async () => {
  // 150 req/s: one pod at 4 cores serves about 100 at its best batch.
  stack = await startSpongeStack(NS, 150);
});
afterAll(async () => {
  await stack?.close();
});

const pods = () => stack.cluster.pods('resnet18');

it('--once under load one pod cannot serve: resize in place, a second replica, both ready at the decided cores', async () => {
  await until('the model pod', async () => ((await pods()).length === 1 ? true : undefined));
  const [first] = await pods();
  const file = stack.write('sponge.yaml', stack.document(SCALER, { targets: ['resnet18'], container: 'model', batchEnv: false }));
  const run = await runAppCli(spongeApp, ['--config', file, '--once']);
  expect(run.code).toBe(0);
  expect(run.err).not.toMatch(/the plan failed/);
  const record = JSON.parse(run.out) as DecisionRecord;
  if (record.decision.kind !== 'apply') throw new Error(`expected a plan, got ${record.decision.kind}`);
  const wanted = record.decision.desired.deployments[0]!;
  expect(wanted.replicas).toBe(2);
  expect(record.plan?.actions.map((a) => a.type)).toEqual(expect.arrayContaining(['resize', 'scale', 'await-ready']));

  const now = await pods();
  expect(now).toHaveLength(2);
  expect(now.map((p) => p.metadata!.uid)).toContain(first!.metadata!.uid); // resized in place, not restarted
  for (const pod of now) {
    expect(pod.status!.containerStatuses![0]!.resources!.limits!.cpu).toBe(String(wanted.cores)); // the kubelet stand-in runs it with the decided cores
    expect(pod.status!.containerStatuses![0]!.restartCount).toBe(0);
    expect(pod.status!.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'True' }));
  }
  const template = (await stack.cluster.api.readDeployment('resnet18')).spec!.template.spec!.containers[0]!.resources!.limits!.cpu;
  expect(template).toBe('1'); // the template still starts pods at 1 core: the new pod was resized, nothing rolled
  const reasons = (await stack.cluster.events()).map((e) => `${e.reason}: ${e.message}`);
  expect(reasons).toContainEqual(
    expect.stringMatching(new RegExp(`^SuccessfulResize: Resized new pods \\S+ in place to ${wanted.cores} cores \\(the template starts pods at 1\\)`)),
  );
});
