import { ManualClock } from '@infscale/core';
import { metricValue, request, waitFor } from '../test-support/http-client';
import { scriptedUpstream, type ScriptedUpstream } from '../test-support/scripted-upstream';
import { UpstreamServer } from '../test-support/upstream-server';
import { BUDGET_HEADER } from './budget-header';
import { PipelineRouterService } from './pipeline-router-service';
import { StageQueueService } from './stage-queue-service';

describe('a stage queue sheds what cannot finish within its budget', () => {
  let replica: UpstreamServer;
  let stage: StageQueueService;
  let base: string;
  const clock = new ManualClock(0);

  beforeEach(async () => {
    replica = new UpstreamServer({ name: 'm' });
    stage = new StageQueueService({ stage: 'detect', replicaUrls: [await replica.listen()], maxBatchSize: 1, clock });
    base = await stage.listen();
    // One batch timed at 200 ms by the queue's clock: its least batch time lately.
    replica.holding = true;
    const first = request(base + '/', { body: { n: 0 } });
    await waitFor(() => replica.held === 1);
    clock.advance(200);
    replica.holding = false;
    replica.release();
    expect((await first).status).toBe(200);
  });
  afterEach(() => Promise.all([stage.close(), replica.close()]));

  it('answers 504 deadline-unreachable to a request whose budget is under the least batch time, without sending it', async () => {
    const shed = await request(base + '/', { body: { n: 1 }, headers: { [BUDGET_HEADER]: '150' } });
    expect(shed.status).toBe(504);
    expect(shed.json()).toMatchObject({ error: 'deadline-unreachable', stage: 'detect', message: expect.stringMatching(/at least 200 ms/) });
    expect(replica.received).toHaveLength(1);
    const served = await request(base + '/', { body: { n: 2 }, headers: { [BUDGET_HEADER]: '250' } });
    expect(served.status).toBe(200);
    expect(replica.received).toHaveLength(2);
    const text = (await request(base + '/metrics')).text;
    expect(metricValue(text, 'infscale_stage_unreachable_total{stage="detect"}')).toBe(1);
  });

  it('refuses a budget that is not one whole number of ms, naming the header', async () => {
    for (const value of ['-1', '1.5', 'soon', '99999999999']) {
      const res = await request(base + '/', { body: { n: 3 }, headers: { [BUDGET_HEADER]: value } });
      expect(res.status).toBe(400);
      expect(res.json()).toMatchObject({ error: 'bad-budget', message: expect.stringContaining(BUDGET_HEADER) });
    }
    expect(replica.received).toHaveLength(1);
  });
});

describe('the router gives each stage its budget and drops what a stage sheds', () => {
  let stages: ScriptedUpstream[];
  let router: PipelineRouterService;
  afterEach(() => Promise.all([router.close(), ...stages.map((s) => s.close())]));

  it("sends the time left less the later stages' least time, and counts a shed request as dropped", async () => {
    const clock = new ManualClock(0);
    let classify = (body: string): { status: number; body: string } | string => body;
    stages = await Promise.all([
      scriptedUpstream((body) => body),
      scriptedUpstream((body) => {
        // The router's clock moves while the second stage works: 300 ms, then its answer.
        clock.advance(300);
        return classify(body);
      }),
    ]);
    router = new PipelineRouterService({
      pipeline: 'video',
      stages: [
        { name: 'detect', url: stages[0]!.url },
        { name: 'classify', url: stages[1]!.url },
      ],
      dropLimitMs: 10_000,
      clock,
    });
    const base = await router.listen();
    const budgets = (i: number) => stages[i]!.headers.map((h) => h[BUDGET_HEADER]);
    expect((await request(base + '/', { body: { n: 1 } })).status).toBe(200);
    expect((await request(base + '/', { body: { n: 2 } })).status).toBe(200);
    // Before classify was timed, detect got all 10 s; after, 10 s less classify's 300 ms. The last stage gets what is left.
    expect(budgets(0)).toEqual(['10000', '9700']);
    expect(budgets(1)).toEqual(['10000', '10000']);
    classify = () => ({ status: 504, body: JSON.stringify({ error: 'deadline-unreachable', stage: 'classify', message: 'x' }) });
    const dropped = await request(base + '/', { body: { n: 3 } });
    expect(dropped.status).toBe(504);
    expect(dropped.json()).toMatchObject({
      error: 'dropped',
      stage: 'classify',
      reason: expect.stringMatching(/could not finish it before the pipeline's drop limit/),
    });
    const text = (await request(base + '/metrics')).text;
    expect(metricValue(text, 'infscale_router_dropped_total{pipeline="video",stage="classify"}')).toBe(1);
    expect(metricValue(text, 'infscale_router_requests_total{pipeline="video",outcome="failed"}')).toBeUndefined();
  });
});
