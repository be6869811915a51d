import { type Clock, ManualClock, systemClock } from '@infscale/core';
import { errorLog } from '../test-support/error-log';
import { UpstreamServer } from '../test-support/upstream-server';
import { metricValue, request, waitFor } from '../test-support/http-client';
import { scriptedUpstream } from '../test-support/scripted-upstream';
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
  let stageUrl: string;
  let router: PipelineRouterService;
  let base: string;
  const log = errorLog();

  async function start(options: { dropLimitMs: number; upstreamTimeoutMs?: number; maxBodyBytes?: number }): Promise<void> {
    stage = new UpstreamServer({ name: 'stage' });
    stageUrl = await stage.listen();
    log.lines.length = 0;
    router = new PipelineRouterService({ pipeline: 'p', stages: [{ name: 's', url: stageUrl }], onError: log.onError, ...options });
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
    const id = res.headers['x-request-id'] as string;
    expect(res.json()).toEqual({ error: 'upstream-timeout', stage: 's', message: 'stage "s" did not answer in time', requestId: id });
    expect(log.of(id)).toEqual([
      expect.objectContaining({
        context: 'router stage',
        status: 504,
        message: `stage "s" at ${stageUrl} did not answer within 200 ms (--upstream-timeout-ms)`,
      }),
    ]);
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

describe('PipelineRouterService: a stage that fails', () => {
  /** What a stage's error answer could carry: an internal address and a credential. */
  const SECRET = 'replica http://10.0.3.7:8080/v1/models/m:predict said: api_key=AKIA1234SECRET';
  let router: PipelineRouterService | undefined;
  const closers: (() => Promise<unknown>)[] = [];
  const log = errorLog();
  afterEach(async () => {
    await router?.close();
    await Promise.all(closers.splice(0).map((close) => close()));
    log.lines.length = 0;
  });

  async function routeTo(stageUrl: string): Promise<string> {
    router = new PipelineRouterService({ pipeline: 'p', stages: [{ name: 's', url: stageUrl }], dropLimitMs: 5000, onError: log.onError });
    return router.listen();
  }

  it('a 500 with a body: 502 stage-failed with the stage and its status, not its answer; the log line has the answer', async () => {
    const stage = await scriptedUpstream(() => ({ status: 500, body: JSON.stringify({ error: SECRET }) }));
    closers.push(() => stage.close());
    const res = await request((await routeTo(stage.url)) + '/', { body: { x: 1 } });
    expect(res.status).toBe(502);
    const id = res.headers['x-request-id'] as string;
    expect(res.json()).toEqual({ error: 'stage-failed', stage: 's', status: 500, message: 'stage "s" failed', requestId: id });
    expect(res.text).not.toMatch(/AKIA|10\.0\.3\.7|127\.0\.0\.1/);
    expect(log.of(id)).toEqual([expect.objectContaining({ context: 'router stage', status: 502, error: 'stage-failed' })]);
    expect(log.of(id)[0]?.message).toBe(`stage "s" at ${stage.url} answered 500: ${JSON.stringify({ error: SECRET })}`);
  });

  it('an unreachable stage: 502 stage-failed without its URL; the log line has it', async () => {
    const gone = new UpstreamServer({ name: 'gone' });
    const goneUrl = await gone.listen();
    await gone.close();
    const res = await request((await routeTo(goneUrl)) + '/', { body: { x: 1 } });
    expect(res.status).toBe(502);
    const id = res.headers['x-request-id'] as string;
    expect(res.json()).toEqual({ error: 'stage-failed', stage: 's', status: 502, message: 'stage "s" failed', requestId: id });
    expect(res.text).not.toContain(new URL(goneUrl).port);
    expect(log.of(id)[0]?.message).toContain(`stage "s" at ${goneUrl} could not be reached or broke off: `);
    expect(log.of(id)[0]?.message).toContain('ECONNREFUSED');
  });

  it('passes the request id to the stage: one id in the client answer, the router log line and the stage queue log line', async () => {
    const stageLog = errorLog();
    const stage = new StageQueueService({ stage: 's', replicaUrls: ['http://127.0.0.1:1/v1/models/m:predict'], maxBatchSize: 1, onError: stageLog.onError });
    closers.push(() => stage.close());
    const res = await request((await routeTo(await stage.listen())) + '/', { body: { x: 1 }, headers: { 'x-request-id': 'trace-9' } });
    expect(res.status).toBe(502);
    expect(res.headers['x-request-id']).toBe('trace-9');
    expect(res.json()).toEqual({ error: 'stage-failed', stage: 's', status: 502, message: 'stage "s" failed', requestId: 'trace-9' });
    expect(res.text).not.toContain('127.0.0.1:1');
    // The router logs what the stage answered (its own generic answer); the stage logs the replica that failed.
    expect(log.of('trace-9')[0]?.message).toContain('"requestId":"trace-9"');
    expect(stageLog.of('trace-9')).toEqual([
      expect.objectContaining({ status: 502, message: expect.stringContaining('model server unreachable at http://127.0.0.1:1/v1/models/m:predict') }),
    ]);
  });
});
