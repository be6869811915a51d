/**
 * IPA's data plane on 127.0.0.1, the video pipeline's two stages: per stage a model-server emulator
 * (behind its TF-Serving front) served from a StageQueueService, and the PipelineRouterService in
 * front; a namespace of the real test control plane holds one deployment per stage. Every server here is
 * started by the stack and stopped by `stop()`, and nothing else.
 */
import { PipelineRouterService, StageQueueService } from '@infscale/dataplane';
import type { DeploymentSpec } from '@infscale/core';
import { startEmulator, type LatencyProfile, type RunningEmulator } from '@infscale/emulator';
import type { ScrapeTarget } from '@infscale/metrics/testing';
import { startTestCluster, uniqueName, type TestCluster } from '@infscale/kube/testing';
import { podOf, podTarget } from './scaler-with-prometheus';
import { startTfServingFront, type TfServingFront } from './tf-serving-front';

export const IPA_NS = uniqueName('video');

/**
 * The variants running at the start, one per stage, at batch 4: which batch the scaler decides depends
 * on where its ticks fall in the burst, so the test needs a start that its decisions move away from.
 */
export const IPA_RUNNING: DeploymentSpec[] = [
  { name: 'video-yolo-yolov5n', variant: 'yolov5n', stage: 'yolo', replicas: 1, cores: 1, batch: 4 },
  { name: 'video-resnet-human-resnet18', variant: 'resnet18', stage: 'resnet-human', replicas: 1, cores: 1, batch: 4 },
];

/** A stage's model server: a batch of 4 in 100 ms on one core (~40 req/s), enough for the steady load, not for the burst. */
const STAGE_PROFILE: LatencyProfile = {
  kind: 'table',
  points: [
    { batch: 1, cores: 1, latencyMs: 40 },
    { batch: 2, cores: 1, latencyMs: 60 },
    { batch: 4, cores: 1, latencyMs: 100 },
  ],
};
/** What the emulated model server can take in one call; the stage queue's batch is the deployment's. */
const STAGE_MAX_BATCH = 4;

export interface IpaStackOptions {
  /** The router's drop limit: small, so a burst makes some requests pass it. */
  dropLimitMs: number;
}

export interface IpaStack {
  routerUrl: string;
  cluster: TestCluster;
  router: PipelineRouterService;
  /** The model servers (as the running deployments' pods), the stage queues and the router. */
  targets: ScrapeTarget[];
  /** Base URL of each stage queue's admin port by stage name: the actuator's `stageQueues`. */
  stageQueues: Record<string, string>;
  stop(): Promise<void>;
}

export async function startIpaStack(options: IpaStackOptions): Promise<IpaStack> {
  const emulators: RunningEmulator[] = [];
  const fronts: TfServingFront[] = [];
  const queues: StageQueueService[] = [];
  const targets: ScrapeTarget[] = [];
  const stages: { name: string; url: string }[] = [];
  const stageQueues: Record<string, string> = {};
  for (const d of IPA_RUNNING) {
    const emulator = await startEmulator({ variant: d.variant, profile: STAGE_PROFILE, initial: { cores: 1, batch: STAGE_MAX_BATCH, workers: 1 } });
    const front = await startTfServingFront(emulator.url);
    // The queue forms the batches: it starts at the running deployment's batch, as the actuator keeps it.
    const queue = new StageQueueService({ stage: d.stage, replicaUrls: [front.url], maxBatchSize: d.batch, maxWaitMs: 20 });
    const queueUrl = await queue.listen();
    stageQueues[d.stage] = await queue.listenAdmin();
    emulators.push(emulator);
    fronts.push(front);
    queues.push(queue);
    stages.push({ name: d.stage, url: queueUrl });
    // The emulator is the deployment's pod: the catalogue measures the pipeline's load there.
    targets.push(podTarget(`${emulator.url}/metrics`, IPA_NS, podOf(d.name), `model-${d.stage}`));
    targets.push(podTarget(`${queueUrl}/metrics`, IPA_NS, podOf(`video-${d.stage}-queue`), `queue-${d.stage}`));
  }
  const router = new PipelineRouterService({ pipeline: 'video', stages, dropLimitMs: options.dropLimitMs });
  const routerUrl = await router.listen();
  targets.push(podTarget(`${routerUrl}/metrics`, IPA_NS, podOf('video-router'), 'router'));
  const cluster = await startTestCluster({ namespace: IPA_NS, scaler: 'ipa', deployments: IPA_RUNNING });
  return {
    routerUrl,
    cluster,
    router,
    targets,
    stageQueues,
    async stop() {
      await router.close();
      await Promise.all(queues.map((q) => q.close()));
      await Promise.all(fronts.map((f) => f.close()));
      await Promise.all(emulators.map((e) => e.close()));
      await cluster.close();
    },
  };
}
