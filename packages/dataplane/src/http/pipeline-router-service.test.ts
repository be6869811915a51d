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

  async function start(clock: Clock, dropLimitMs: number): Promise<void> {
    replicas = [new UpstreamServer({ name: 'yolo' }), new UpstreamServer({ name: 'resnet' })];
    const replicaUrls = await Promise.all(replicas.map((r) => r.listen()));
    stages = ['detect', 'classify'].map((stage, i) => new StageQueueService({ stage, replicaUrls: [replicaUrls[i]], maxBatchSize: 1 }));
    stageUrls = await Promise.all(stages.map((s) => s.listen()));
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
    await request(stageUrls[0] + '/admin/stage', { body: { maxBatchSize: 2 } }); // a lone request waits for max wait (1 s)
    const res = await request(base + '/', { body: { frame: 1 } });
    expect(res.status).toBe(504);
    expect(res.json()).toMatchObject({ error: 'dropped', stage: 'detect', reason: expect.stringMatching(/while in stage "detect"/) });
    await waitFor(() => stages[0].queue.length === 0); // purged when its max wait wakes the queue
    expect(replicas[0].received).toHaveLength(0);
    const text = (await request(stageUrls[0] + '/metrics')).text;
    expect(metricValue(text, 'infscale_stage_cancelled_total{stage="detect"}')).toBe(1);
  });
});
