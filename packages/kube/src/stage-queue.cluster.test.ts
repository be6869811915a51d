/**
 * The decided batch reaches IPA's stage queue: the actuator against the real API server, and a real
 * StageQueueService on 127.0.0.1 whose own gauge (infscale_stage_max_batch_size) says what it got.
 * The queue's admin port wants a bearer token, which the actuator reads from adminTokenFile.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get as httpGet } from 'node:http';
import { StageQueueService } from '@infscale/dataplane';
import type { DeploymentSpec } from '@infscale/core';
import { BATCH_ANNOTATION, BATCH_ENV } from './conventions';
import { memoryLogger, runPlan, startClusterHarness, type ClusterHarness } from './test-support';

const templateOf = async (h: ClusterHarness, name: string) => (await h.deployment(name))!.spec!.template;
const startHarness = () => startClusterHarness({ name: 'stage-queue' });

const spec = (over: Partial<DeploymentSpec>): DeploymentSpec => ({
  name: 'yolo-yolov5n',
  variant: 'yolov5n',
  stage: 'yolo',
  replicas: 1,
  cores: 1,
  batch: 1,
  ...over,
});

const TOKEN = 'stage-queue-admin-token';
let tokenDir: string;
let adminTokenFile: string;
let queue: StageQueueService;
let queueUrl: string;
beforeAll(() => {
  tokenDir = mkdtempSync(join(tmpdir(), 'admin-token-'));
  adminTokenFile = join(tokenDir, 'token');
  writeFileSync(adminTokenFile, `${TOKEN}\n`);
});
afterAll(() => rmSync(tokenDir, { recursive: true, force: true }));
beforeEach(async () => {
  // No replicas: nothing is served, only the settings matter here.
  queue = new StageQueueService({ stage: 'yolo', replicaUrls: [], maxBatchSize: 1, maxWaitMs: 20, adminToken: TOKEN });
  queueUrl = await queue.listenAdmin();
});
afterEach(() => queue.close());

/** What the queue's /metrics would say (its own registry, so no HTTP client is needed here). */
async function queueGauge(name: string): Promise<number> {
  const text = await queue.registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{stage="yolo"}`));
  return Number(line?.split(' ').at(-1));
}
/** GET /admin/stage of a queue, as the admin sees it. */
function stageSettings(adminUrl: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${adminUrl}/admin/stage`, { headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
  });
}
const queueBatch = () => queueGauge('infscale_stage_max_batch_size');
const queueInFlight = () => queueGauge('infscale_stage_max_in_flight_per_url');

describe('stageQueues: the batch reaches the stage queue', () => {
  it('set-batch with batchEnv: false annotates the deployment and POSTs the batch, restarting nothing', async () => {
    const h = await startHarness();
    try {
      const actuator = await h.actuator({ scaler: 'ipa', batchEnv: false, stageQueues: { yolo: queueUrl }, adminTokenFile });
      expect(await runPlan(actuator, { reason: 'create', actions: [{ type: 'create', spec: spec({}) }] })).toEqual({ busy: false });
      const before = await templateOf(h, 'yolo-yolov5n');
      expect(await runPlan(actuator, { reason: 'batch', actions: [{ type: 'set-batch', name: 'yolo-yolov5n', batch: 6 }] })).toEqual({ busy: false });
      expect(await queueBatch()).toBe(6);
      expect((await h.deployment('yolo-yolov5n'))?.metadata?.annotations?.[BATCH_ANNOTATION]).toBe('6');
      expect(await templateOf(h, 'yolo-yolov5n')).toEqual(before);
    } finally {
      await h.close();
    }
  });

  it('set-batch with the env var also POSTs it; a stage without a queue URL posts nothing', async () => {
    const h = await startHarness();
    try {
      const actuator = await h.actuator({ scaler: 'ipa', stageQueues: { yolo: queueUrl }, adminTokenFile });
      await runPlan(actuator, {
        reason: 'create',
        actions: [
          { type: 'create', spec: spec({}) },
          { type: 'create', spec: spec({ name: 'other-a', stage: 'other' }) },
        ],
      });
      expect(
        await runPlan(actuator, {
          reason: 'batch',
          actions: [
            { type: 'set-batch', name: 'yolo-yolov5n', batch: 3 },
            { type: 'set-batch', name: 'other-a', batch: 8 },
          ],
        }),
      ).toEqual({ busy: false });
      expect(await queueBatch()).toBe(3);
      expect((await templateOf(h, 'yolo-yolov5n')).spec?.containers[0]?.env?.find((e) => e.name === BATCH_ENV)?.value).toBe('3');
    } finally {
      await h.close();
    }
  });

  it("a route to a new variant sends that deployment's batch (it was created with it)", async () => {
    const h = await startHarness();
    try {
      const actuator = await h.actuator({ scaler: 'ipa', batchEnv: false, stageQueues: { yolo: queueUrl }, adminTokenFile });
      // Asserted, so a create that fails shows its own error here (it once surfaced only as the route's 404, in CI).
      expect(
        await runPlan(actuator, { reason: 'create', actions: [{ type: 'create', spec: spec({ name: 'yolo-yolov5s', variant: 'yolov5s', batch: 4 }) }] }),
      ).toEqual({ busy: false });
      expect(await queueBatch()).toBe(1);
      expect(await runPlan(actuator, { reason: 'switch', actions: [{ type: 'route', routing: { stage: 'yolo', weights: { 'yolo-yolov5s': 1 } } }] })).toEqual({
        busy: false,
      });
      expect(await queueBatch()).toBe(4);
    } finally {
      await h.close();
    }
  });

  it('a stage queue that refuses the batch fails the step, naming the queue', async () => {
    const h = await startHarness();
    const logger = memoryLogger();
    try {
      const actuator = await h.actuator(
        { scaler: 'ipa', batchEnv: false, stageQueues: { yolo: queueUrl }, adminTokenFile, retry: { maxAttempts: 1 } },
        { logger },
      );
      await runPlan(actuator, { reason: 'create', actions: [{ type: 'create', spec: spec({}) }] });
      const status = await runPlan(actuator, { reason: 'batch', actions: [{ type: 'set-batch', name: 'yolo-yolov5n', batch: 0 }] });
      expect(JSON.stringify(status)).toMatch(/stage queue .*admin\/stage answered 400/);
      expect(await queueBatch()).toBe(1);
    } finally {
      await h.close();
    }
  });
});

describe('stageQueues: the admin token', () => {
  it.each([
    ['no adminTokenFile', {}, /admin\/stage answered 401/],
    ['a token file that is not there', { adminTokenFile: '/nonexistent/token' }, /cannot read the admin token file \/nonexistent\/token/],
  ])('with %s the POST fails the step and the queue keeps its batch', async (_name, over, message) => {
    const h = await startHarness();
    try {
      const actuator = await h.actuator(
        { scaler: 'ipa', batchEnv: false, stageQueues: { yolo: queueUrl }, retry: { maxAttempts: 1 }, ...over },
        { logger: memoryLogger() },
      );
      await runPlan(actuator, { reason: 'create', actions: [{ type: 'create', spec: spec({}) }] });
      const status = await runPlan(actuator, { reason: 'batch', actions: [{ type: 'set-batch', name: 'yolo-yolov5n', batch: 4 }] });
      expect(JSON.stringify(status)).toMatch(message);
      expect(await queueBatch()).toBe(1);
    } finally {
      await h.close();
    }
  });
});

describe('stageQueues: one batch in flight per replica of the stage', () => {
  it("set-batch sends the deployment's replicas with the batch; a scale sends the new replicas", async () => {
    const h = await startHarness();
    try {
      const actuator = await h.actuator({ scaler: 'ipa', batchEnv: false, stageQueues: { yolo: queueUrl }, adminTokenFile });
      await runPlan(actuator, { reason: 'create', actions: [{ type: 'create', spec: spec({ replicas: 3 }) }] });
      expect(await queueInFlight()).toBe(1);
      expect(await runPlan(actuator, { reason: 'batch', actions: [{ type: 'set-batch', name: 'yolo-yolov5n', batch: 4 }] })).toEqual({ busy: false });
      expect([await queueBatch(), await queueInFlight()]).toEqual([4, 3]);
      expect(await runPlan(actuator, { reason: 'up', actions: [{ type: 'scale', name: 'yolo-yolov5n', replicas: 5 }] })).toEqual({ busy: false });
      expect([await queueBatch(), await queueInFlight()]).toEqual([4, 5]);
      expect(await runPlan(actuator, { reason: 'down', actions: [{ type: 'scale', name: 'yolo-yolov5n', replicas: 2 }] })).toEqual({ busy: false });
      expect(await queueInFlight()).toBe(2);
      expect((await h.deployment('yolo-yolov5n'))?.spec).toMatchObject({ replicas: 2 });
    } finally {
      await h.close();
    }
  });

  it("a route to two deployments is a split: the shares, each variant's batch and replicas, and the largest quota's for the one queue", async () => {
    // The queue knows each variant's URL from its start flags (--variant), as the chart would run it.
    const split = new StageQueueService({
      stage: 'yolo',
      replicaUrls: [],
      variantUrls: { 'yolo-yolov5n': ['http://127.0.0.1:1/n'], 'yolo-yolov5s': ['http://127.0.0.1:1/s'] },
      maxBatchSize: 1,
      adminToken: TOKEN,
    });
    const splitUrl = await split.listenAdmin();
    const h = await startHarness();
    try {
      const actuator = await h.actuator({ scaler: 'ipa', batchEnv: false, stageQueues: { yolo: splitUrl }, adminTokenFile });
      await runPlan(actuator, {
        reason: 'create',
        actions: [
          { type: 'create', spec: spec({ replicas: 2 }) },
          { type: 'create', spec: spec({ name: 'yolo-yolov5s', variant: 'yolov5s', batch: 2, replicas: 4 }) },
        ],
      });
      expect(
        await runPlan(actuator, {
          reason: 'split',
          actions: [{ type: 'route', routing: { stage: 'yolo', weights: { 'yolo-yolov5n': 250, 'yolo-yolov5s': 750 } } }],
        }),
      ).toEqual({ busy: false });
      const settings = await stageSettings(splitUrl);
      expect(settings).toMatchObject({
        maxBatchSize: 2,
        maxInFlightPerUrl: 4,
        shares: { 'yolo-yolov5n': 250, 'yolo-yolov5s': 750 },
        variants: { 'yolo-yolov5n': { maxBatchSize: 1, maxInFlightPerUrl: 2 }, 'yolo-yolov5s': { maxBatchSize: 2, maxInFlightPerUrl: 4 } },
      });
      // A scale of one variant reaches its entry; a route to one deployment ends the split.
      await runPlan(actuator, { reason: 'up', actions: [{ type: 'scale', name: 'yolo-yolov5n', replicas: 3 }] });
      expect(await stageSettings(splitUrl)).toMatchObject({ variants: { 'yolo-yolov5n': { maxInFlightPerUrl: 3 } } });
      await runPlan(actuator, { reason: 'one', actions: [{ type: 'route', routing: { stage: 'yolo', weights: { 'yolo-yolov5s': 1 } } }] });
      expect(await stageSettings(splitUrl)).toMatchObject({ shares: {}, maxBatchSize: 2, maxInFlightPerUrl: 4 });
    } finally {
      await h.close();
      await split.close();
    }
  });

  it('a split to a variant the queue has no URL for fails the step, naming the field', async () => {
    const h = await startHarness();
    try {
      const actuator = await h.actuator(
        { scaler: 'ipa', batchEnv: false, stageQueues: { yolo: queueUrl }, adminTokenFile, retry: { maxAttempts: 1 } },
        { logger: memoryLogger() },
      );
      await runPlan(actuator, {
        reason: 'create',
        actions: [
          { type: 'create', spec: spec({}) },
          { type: 'create', spec: spec({ name: 'yolo-yolov5s', variant: 'yolov5s' }) },
        ],
      });
      const status = await runPlan(actuator, {
        reason: 'split',
        actions: [{ type: 'route', routing: { stage: 'yolo', weights: { 'yolo-yolov5n': 1, 'yolo-yolov5s': 1 } } }],
      });
      expect(JSON.stringify(status)).toMatch(/admin\/stage answered 400.*shares\.yolo-yolov5/);
    } finally {
      await h.close();
    }
  });

  it('a scale of a stage without a queue, or of a scaler without stageQueues, posts nothing', async () => {
    const h = await startHarness();
    try {
      const actuator = await h.actuator({ scaler: 'ipa', batchEnv: false, stageQueues: { yolo: queueUrl }, adminTokenFile });
      await runPlan(actuator, { reason: 'create', actions: [{ type: 'create', spec: spec({ name: 'other-a', stage: 'other' }) }] });
      expect(await runPlan(actuator, { reason: 'up', actions: [{ type: 'scale', name: 'other-a', replicas: 6 }] })).toEqual({ busy: false });
      const plain = await h.actuator({ scaler: 'ipa' });
      await runPlan(plain, { reason: 'create', actions: [{ type: 'create', spec: spec({}) }] });
      expect(await runPlan(plain, { reason: 'up', actions: [{ type: 'scale', name: 'yolo-yolov5n', replicas: 7 }] })).toEqual({ busy: false });
      expect(await queueInFlight()).toBe(1);
    } finally {
      await h.close();
    }
  });
});
