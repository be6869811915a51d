import { type Clock, ManualClock, systemClock } from '@infscale/core';
import { UpstreamServer } from '../test-support/upstream-server';
import { metricValue, request, waitFor } from '../test-support/http-client';
import { PipelineRouterService } from './pipeline-router-service';
import { StageQueueService } from './stage-queue-service';

describe('PipelineRouterService with two stage queues over real sockets', () => {
  let replicas: UpstreamServer[];
  let stages: StageQueueService[];
  let router: PipelineRouterService;
  let base: string;
  let stageUrls: string[];
  let stageAdmins: string[];

  async function start(clock: Clock, dropLimitMs: number): Promise<void> {
    replicas = [new UpstreamServer({ name: 'yolo' }), new UpstreamServer({ name: 'resnet' })];
    const replicaUrls = await Promise.all(replicas.map((r) => r.listen()));
    stages = ['detect', 'classify'].map((stage, i) => new StageQueueService({ stage, replicaUrls: [replicaUrls[i]], maxBatchSize: 1 }));
    stageUrls = await Promise.all(stages.map((s) => s.listen()));
    stageAdmins = await Promise.all(stages.map((s) => s.listenAdmin()));
    router = new PipelineRouterService({
      pipeline: 'video',
      stages: [
        { name: 'detect', url: stageUrls[0] },
        { name: 'classify', url: stageUrls[1] },
      ],
      dropLimitMs,
      clock,
    });
    base = await router.listen();
  }
  afterEach(() => Promise.all([router.close(), ...stages.map((s) => s.close()), ...replicas.map((r) => r.close())]));

  it('passes the input through the stages in order, each answer feeding the next', async () => {
    await start(new ManualClock(0), 10_000);
    const res = await request(base + '/', { body: { frame: 7 } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ upstream: 'resnet', input: { upstream: 'yolo', input: { frame: 7 } } });
    const text = (await request(base + '/metrics')).text;
    expect(metricValue(text, 'infscale_router_requests_total{pipeline="video",outcome="done"}')).toBe(1);
    expect(metricValue(text, 'infscale_router_stage_latency_seconds_count{pipeline="video",stage="classify"}')).toBe(1);
  });

  it('drops a request past the drop limit at the next stage boundary, with the reason', async () => {
    const clock = new ManualClock(0);
    await start(clock, 10_000);
    replicas[0].delayMs = 500; // holds the request in stage 1 while the test moves the clock past the limit
    const pending = request(base + '/', { body: { frame: 1 } });
    await waitFor(() => replicas[0].received.length === 1);
    clock.advance(10_001);
    const res = await pending;
    expect(res.status).toBe(504);
    expect(res.json()).toMatchObject({ error: 'dropped', stage: 'classify', ageMs: 10_001, reason: expect.stringMatching(/drop limit/) });
    expect(replicas[1].received).toHaveLength(0);
    const text = (await request(base + '/metrics')).text;
    expect(metricValue(text, 'infscale_router_dropped_total{pipeline="video",stage="classify"}')).toBe(1);
  });

  it('cuts off a stage that holds a request past the drop limit, and the stage forgets it', async () => {
    await start(systemClock, 150);
    await request(stageAdmins[0] + '/admin/stage', { body: { maxBatchSize: 2 } }); // a lone request waits for max wait (1 s)
    const res = await request(base + '/', { body: { frame: 1 } });
    expect(res.status).toBe(504);
    expect(res.json()).toMatchObject({ error: 'dropped', stage: 'detect', reason: expect.stringMatching(/while in stage "detect"/) });
    await waitFor(() => stages[0].queue.length === 0); // purged when its max wait wakes the queue
    expect(replicas[0].received).toHaveLength(0);
    const text = (await request(stageUrls[0] + '/metrics')).text;
    expect(metricValue(text, 'infscale_stage_cancelled_total{stage="detect"}')).toBe(1);
  });
});

describe('PipelineRouterService: limits', () => {
  let stage: UpstreamServer;
  let router: PipelineRouterService;
  let base: string;

  async function start(options: { dropLimitMs: number; upstreamTimeoutMs?: number; maxBodyBytes?: number }): Promise<void> {
    stage = new UpstreamServer({ name: 'stage' });
    router = new PipelineRouterService({ pipeline: 'p', stages: [{ name: 's', url: await stage.listen() }], ...options });
    base = await router.listen();
  }
  afterEach(async () => {
    stage.holding = false;
    stage.release();
    await Promise.all([router.close(), stage.close()]);
  });

  it('answers 504 upstream-timeout when a stage hangs past --upstream-timeout-ms (shorter than the drop limit), and counts it', async () => {
    await start({ dropLimitMs: 10_000, upstreamTimeoutMs: 200 });
    stage.holding = true;
    const t0 = Date.now();
    const res = await request(base + '/', { body: { x: 1 } });
    expect(res.status).toBe(504);
    expect(res.json()).toMatchObject({ error: 'upstream-timeout', stage: 's' });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(metricValue((await request(base + '/metrics')).text, 'infscale_proxy_upstream_timeouts_total')).toBe(1);
  });

  it('defaults the upstream timeout to the drop limit', async () => {
    await start({ dropLimitMs: 150 });
    expect(router.upstreamTimeoutMs).toBe(150);
    stage.holding = true;
    expect((await request(base + '/', { body: { x: 1 } })).json()).toMatchObject({ error: 'dropped' });
  });

  it('answers 413 to an input over --max-body-bytes; the stage never sees it', async () => {
    await start({ dropLimitMs: 1000, maxBodyBytes: 100 });
    expect((await request(base + '/', { body: 'z'.repeat(200) })).status).toBe(413);
    expect(stage.received).toHaveLength(0);
  });

  it('refuses an https stage URL at construction, naming the stage', () => {
    expect(() => new PipelineRouterService({ pipeline: 'p', stages: [{ name: 's', url: 'https://q' }], dropLimitMs: 1 })).toThrow(
      /stages\.s: must be an http:\/\/ URL/,
    );
  });
});
