/**
 * The IPA app end to end, in process: its command line against a namespace of the real test control
 * plane (kubeconfig file, a ServiceAccount token) and a REAL Prometheus scraping the video pipeline's first stage at 20 req/s and
 * its (empty) stage queue.
 * The printed decision must be the pure scaler's from the same inputs, and a full --once must leave
 * every stage as decided (variant deployment, batch, replicas).
 */
import type { DecisionRecord, DeploymentSpec } from '@infscale/core';
import { BATCH_ENV } from '@infscale/kube';
import { TEMPLATE, uniqueName } from '@infscale/kube/testing';
import { runAppCli, startAppStack, VIDEO_IPA_SECTION, withoutSolveTime, type AppStack } from '@infscale/runtime/testing';
import { ipaApp } from './build';

jest.setTimeout(60_000);

const NS = uniqueName('video');
const RUNNING: DeploymentSpec[] = [
  { name: 'video-yolo-yolov5n', variant: 'yolov5n', stage: 'yolo', replicas: 1, cores: 1, batch: 1 },
  { name: 'video-resnet-human-resnet18', variant: 'resnet18', stage: 'resnet-human', replicas: 1, cores: 1, batch: 1 },
];
// The chart's default `ipa:` section.
const SCALER = VIDEO_IPA_SECTION;

let stack: AppStack;
beforeAll(async () => {
  stack = await startAppStack({
    namespace: NS,
    scaler: 'ipa',
    deployments: RUNNING,
    pods: {
      'video-yolo-yolov5n-5d9c7b8f4-abcde': { requestsPerSecond: 20, cpuCores: 0.8 },
      'video-resnet-human-resnet18-6c8b7a9d5-fghij': { requestsPerSecond: 20, cpuCores: 0.5 },
      // The stage queues (StageQueueService), empty: the backlog term (drainBacklog) sums them.
      'video-yolo-queue-7c9d8e6f5-klmno': { stageQueues: { yolo: 0 } },
      'video-resnet-human-queue-8d7c6b5a4-pqrst': { stageQueues: { 'resnet-human': 0 } },
    },
  });
});
afterAll(() => stack?.close());

const configFile = () => stack.write('ipa.yaml', stack.document(SCALER, { template: TEMPLATE, images: { yolov5s: 'registry.local/yolov5s:1' } }));

it('--once --dry-run prints the decision the pure scaler makes from the same observation, and changes nothing', async () => {
  const file = configFile();
  const run = await runAppCli(ipaApp, ['--config', file, '--once', '--dry-run']);
  expect(run.code).toBe(0);
  const record = JSON.parse(run.out) as DecisionRecord;
  // The first stage's 20 req/s only (not both stages' 40): max of the history until the LSTM's window exists.
  // A ±30 % band: rate() over a 5 s window jitters with scrape timing on a loaded machine (24.7 seen
  // while the whole npm test ran with the control plane).
  expect(record.forecast?.peakRps).toBeGreaterThan(14);
  expect(record.forecast?.peakRps).toBeLessThan(26);
  expect(record.decision.kind).toBe('apply');
  expect(withoutSolveTime(record.decision)).toEqual(await stack.pureDecision(ipaApp, file, record));
  expect((await stack.cluster.deployments()).map((d) => d.metadata?.name).sort()).toEqual(RUNNING.map((d) => d.name).sort());
});

it('--once applies the plan: one deployment per stage with the chosen variant, batch and replicas', async () => {
  const run = await runAppCli(ipaApp, ['--config', configFile(), '--once']);
  expect(run.code).toBe(0);
  expect(run.err).not.toMatch(/the plan failed/);
  const decision = (JSON.parse(run.out) as DecisionRecord).decision;
  if (decision.kind !== 'apply') throw new Error('expected an apply');
  const stored = await stack.cluster.deployments();
  const actual = stored.map((d) => ({
    name: d.metadata!.name!,
    stage: d.metadata!.labels!['infscale.io/stage'],
    replicas: d.spec!.replicas,
    batch: Number(d.spec!.template.spec!.containers[0]!.env?.find((e) => e.name === BATCH_ENV)?.value ?? 1),
  }));
  const wanted = decision.desired.deployments.map((d) => ({ name: d.name, stage: d.stage, replicas: d.replicas, batch: d.batch }));
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  expect(actual.sort(byName)).toEqual(wanted.sort(byName));
  expect(new Set(actual.map((d) => d.stage))).toEqual(new Set(['yolo', 'resnet-human']));
});
