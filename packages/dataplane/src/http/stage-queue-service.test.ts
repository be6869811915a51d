import { ManualClock } from '@infscale/core';
import { UpstreamServer } from '../test-support/upstream-server';
import { metricValue, request, waitFor } from '../test-support/http-client';
import { StageQueueService } from './stage-queue-service';

describe('StageQueueService over real sockets', () => {
  let replica: UpstreamServer;
  let replicaUrl: string;
  let service: StageQueueService;
  let base: string;
  // A manual clock makes "max wait reached" a decision of the test, not of the wall clock.
  let clock: ManualClock;

  beforeEach(async () => {
    replica = new UpstreamServer({ name: 'replica' });
    replicaUrl = (await replica.listen()) + '/v1/models/m:predict';
    clock = new ManualClock(1_000_000);
    service = new StageQueueService({ stage: 'detect', replicaUrls: [replicaUrl], maxBatchSize: 3, maxWaitMs: 10_000_000, clock });
    base = await service.listen();
  });
  afterEach(() => Promise.all([service.close(), replica.close()]));

  it('forms a full batch of 3 and answers each caller with its own prediction', async () => {
    const answers = await Promise.all([1, 2, 3].map((n) => request(base + '/', { body: { n } })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.json())).toEqual([1, 2, 3].map((n) => ({ upstream: 'replica', input: { n } })));
    expect(replica.batchSizes).toEqual([3]);
    expect(replica.received[0].url).toBe('/v1/models/m:predict');
  });

  it('holds a partial batch until max wait, then sends what it has', async () => {
    const pending = [request(base + '/', { body: { n: 1 } }), request(base + '/', { body: { n: 2 } })];
    await waitFor(() => service.queue.length === 2);
    expect(replica.batchSizes).toEqual([]);
    clock.advance(10_000_000);
    await request(base + '/admin/stage', { body: {} }); // any wake-up re-checks the queue
    const answers = await Promise.all(pending);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(replica.batchSizes).toEqual([2]);
  });

  it('applies a new batch size from the admin endpoint', async () => {
    await request(base + '/admin/stage', { body: { maxBatchSize: 1 } });
    const answers = await Promise.all([1, 2].map((n) => request(base + '/', { body: { n } })));
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(replica.batchSizes).toEqual([1, 1]);
    const bad = await request(base + '/admin/stage', { body: { maxBatchSize: 0 } });
    expect(bad.status).toBe(400);
  });

  it('answers 502 with the reason when the replica fails, and 400 on a non-JSON input', async () => {
    await request(base + '/admin/stage', { body: { maxBatchSize: 1, replicaUrls: ['http://127.0.0.1:1/none'] } });
    const failed = await request(base + '/', { body: { n: 1 } });
    expect(failed.status).toBe(502);
    expect(failed.json()).toMatchObject({ error: 'model-server-error', message: expect.stringMatching(/unreachable/) });
    expect((await request(base + '/', { body: 'not json' })).status).toBe(400);
  });

  it('exports queue length, batch sizes and per-stage latency', async () => {
    await Promise.all([1, 2, 3].map((n) => request(base + '/', { body: { n } })));
    const text = (await request(base + '/metrics')).text;
    expect(metricValue(text, 'infscale_stage_batch_size_count{stage="detect"}')).toBe(1);
    expect(metricValue(text, 'infscale_stage_batch_size_sum{stage="detect"}')).toBe(3);
    expect(metricValue(text, 'infscale_stage_latency_seconds_count{stage="detect"}')).toBe(3);
    expect(metricValue(text, 'infscale_stage_requests_total{stage="detect",code="200"}')).toBe(3);
    expect(metricValue(text, 'infscale_stage_queue_length{stage="detect"}')).toBe(0);
    expect(metricValue(text, 'infscale_stage_max_batch_size{stage="detect"}')).toBe(3);
  });
});
