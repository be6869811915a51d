import { ManualClock } from '@infscale/core';
import { errorLog } from '../test-support/error-log';
import { UpstreamServer } from '../test-support/upstream-server';
import { metricValue, request, waitFor } from '../test-support/http-client';
import { StageQueueService } from './stage-queue-service';

describe('StageQueueService over real sockets', () => {
  let replica: UpstreamServer;
  let replicaUrl: string;
  let service: StageQueueService;
  let base: string;
  let admin: string;
  // A manual clock makes "max wait reached" a decision of the test, not of the wall clock.
  let clock: ManualClock;
  const log = errorLog();

  beforeEach(async () => {
    replica = new UpstreamServer({ name: 'replica' });
    replicaUrl = (await replica.listen()) + '/v1/models/m:predict';
    clock = new ManualClock(1_000_000);
    log.lines.length = 0;
    service = new StageQueueService({ stage: 'detect', replicaUrls: [replicaUrl], maxBatchSize: 3, maxWaitMs: 10_000_000, clock, onError: log.onError });
    base = await service.listen();
    admin = await service.listenAdmin();
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
    await request(admin + '/admin/stage', { body: {} }); // any wake-up re-checks the queue
    const answers = await Promise.all(pending);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(replica.batchSizes).toEqual([2]);
  });

  it('applies a new batch size from the admin endpoint', async () => {
    await request(admin + '/admin/stage', { body: { maxBatchSize: 1 } });
    const answers = await Promise.all([1, 2].map((n) => request(base + '/', { body: { n } })));
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(replica.batchSizes).toEqual([1, 1]);
    const bad = await request(admin + '/admin/stage', { body: { maxBatchSize: 0 } });
    expect(bad.status).toBe(400);
  });

  it('answers 502 without the replica URL when the replica fails (the log line has it), and 400 saying why on a non-JSON input', async () => {
    await request(admin + '/admin/stage', { body: { maxBatchSize: 1, replicaUrls: ['http://127.0.0.1:1/none'] } });
    const failed = await request(base + '/', { body: { n: 1 } });
    expect(failed.status).toBe(502);
    const id = failed.headers['x-request-id'] as string;
    expect(failed.json()).toEqual({ error: 'model-server-error', message: 'the model server could not be reached', requestId: id });
    expect(log.of(id)).toEqual([
      expect.objectContaining({
        context: 'stage detect batch',
        message: expect.stringMatching(/^model server unreachable at http:\/\/127\.0\.0\.1:1\/none: /),
      }),
    ]);
    const notJson = await request(base + '/', { body: 'not json' });
    expect(notJson.status).toBe(400);
    expect(notJson.json()).toMatchObject({ error: 'bad-json', message: expect.stringMatching(/^request body is not JSON: /) }); // the client's own input: told
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

describe('StageQueueService: batches in flight per upstream URL', () => {
  // A slow upstream that answers only when the test releases it: "in flight" is the test's decision.
  let upstream: UpstreamServer;
  let upstreamUrl: string;
  let service: StageQueueService;
  let base: string;
  let admin: string;

  beforeEach(async () => {
    upstream = new UpstreamServer({ name: 'stage-service' });
    upstream.holding = true;
    upstreamUrl = (await upstream.listen()) + '/v1/models/m:predict';
    service = new StageQueueService({ stage: 'detect', replicaUrls: [upstreamUrl], maxBatchSize: 1, maxInFlightPerUrl: 3 });
    base = await service.listen();
    admin = await service.listenAdmin();
  });
  afterEach(() => Promise.all([service.close(), upstream.close()]));

  const post = (n: number) => request(base + '/', { body: { n } });
  const metrics = async () => (await request(base + '/metrics')).text;

  it('with limit 3 and one URL, three batches are in flight at once and the fourth waits', async () => {
    const answers = [1, 2, 3, 4].map(post);
    await waitFor(() => upstream.held === 3 && service.queue.length === 1);
    const text = await metrics();
    expect(metricValue(text, 'infscale_stage_busy_replicas{stage="detect"}')).toBe(3);
    expect(metricValue(text, 'infscale_stage_max_in_flight_per_url{stage="detect"}')).toBe(3);
    upstream.release();
    await waitFor(() => upstream.held === 1 && service.queue.length === 0);
    upstream.release();
    expect((await Promise.all(answers)).map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(upstream.batchSizes).toEqual([1, 1, 1, 1]);
  });

  it('lowering the limit keeps the batches in flight and sends the next only below the new limit', async () => {
    const first = [1, 2, 3].map(post);
    await waitFor(() => upstream.held === 3);
    const lowered = await request(admin + '/admin/stage', { body: { maxInFlightPerUrl: 1 } });
    expect(lowered.json()).toMatchObject({ maxInFlightPerUrl: 1 });
    const later = [4, 5].map(post);
    await waitFor(() => service.queue.length === 2);
    expect(upstream.held).toBe(3);
    upstream.release();
    expect((await Promise.all(first)).map((a) => a.status)).toEqual([200, 200, 200]);
    // All three answered: one place is free under the new limit, so one batch goes, one waits.
    await waitFor(() => upstream.held === 1 && service.queue.length === 1);
    upstream.release();
    await waitFor(() => upstream.held === 1 && service.queue.length === 0);
    upstream.release();
    expect((await Promise.all(later)).map((a) => a.json())).toEqual([4, 5].map((n) => ({ upstream: 'stage-service', input: { n } })));
    expect(metricValue(await metrics(), 'infscale_stage_max_in_flight_per_url{stage="detect"}')).toBe(1);
  });

  it('spreads batches over URLs: with two URLs and limit 2, four in flight, two on each', async () => {
    const second = new UpstreamServer({ name: 'second' });
    second.holding = true;
    try {
      const secondUrl = (await second.listen()) + '/v1/models/m:predict';
      await request(admin + '/admin/stage', { body: { maxInFlightPerUrl: 2, replicaUrls: [upstreamUrl, secondUrl] } });
      const answers = [1, 2, 3, 4, 5].map(post);
      await waitFor(() => upstream.held === 2 && second.held === 2 && service.queue.length === 1);
      second.release();
      await waitFor(() => second.held === 1 && service.queue.length === 0);
      expect(upstream.held).toBe(2);
      upstream.release();
      second.release();
      expect((await Promise.all(answers)).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    } finally {
      await second.close();
    }
  });

  it('refuses a bad limit with a 400 naming the field and changes nothing', async () => {
    for (const bad of [0, 2.5, '3', null]) {
      const answer = await request(admin + '/admin/stage', { body: { maxBatchSize: 4, maxInFlightPerUrl: bad } });
      expect(answer.status).toBe(400);
      expect(answer.json()).toMatchObject({
        error: 'bad-field',
        field: 'maxInFlightPerUrl',
        message: expect.stringMatching(/^maxInFlightPerUrl: must be a whole number from 1 to 1024/),
      });
    }
    expect(service.maxInFlightPerUrl).toBe(3);
    expect(service.maxBatchSize).toBe(1);
    expect(() => new StageQueueService({ stage: 's', replicaUrls: [], maxBatchSize: 1, maxInFlightPerUrl: 0 })).toThrow(/maxInFlightPerUrl/);
  });

  it('defaults to one batch per URL, as before', async () => {
    const single = new StageQueueService({ stage: 'one', replicaUrls: [upstreamUrl], maxBatchSize: 1 });
    const singleBase = await single.listen();
    try {
      const answers = [1, 2].map((n) => request(singleBase + '/', { body: { n } }));
      await waitFor(() => upstream.held === 1 && single.queue.length === 1);
      upstream.release();
      await waitFor(() => upstream.held === 1 && single.queue.length === 0);
      upstream.release();
      expect((await Promise.all(answers)).map((a) => a.status)).toEqual([200, 200]);
    } finally {
      await single.close();
    }
  });
});

describe("StageQueueService split between variants by shares (IPA's improved method)", () => {
  let hi: UpstreamServer;
  let lo: UpstreamServer;
  let urls: { hi: string; lo: string };
  let service: StageQueueService;
  let base: string;
  let admin: string;
  let clock: ManualClock;

  beforeEach(async () => {
    hi = new UpstreamServer({ name: 'hi' });
    lo = new UpstreamServer({ name: 'lo' });
    urls = { hi: (await hi.listen()) + '/v1/models/hi:predict', lo: (await lo.listen()) + '/v1/models/lo:predict' };
    clock = new ManualClock(1_000_000);
    // lo's URL comes from the start options (--variant), hi's from the admin call.
    service = new StageQueueService({
      stage: 'detect',
      replicaUrls: [],
      variantUrls: { 'detect-lo': [urls.lo] },
      maxBatchSize: 1,
      maxWaitMs: 10_000_000,
      clock,
    });
    base = await service.listen();
    admin = await service.listenAdmin();
  });
  afterEach(() => Promise.all([service.close(), hi.close(), lo.close()]));

  it('sends each variant its share of the requests, in batches of its own size', async () => {
    const set = await request(admin + '/admin/stage', {
      body: {
        shares: { 'detect-hi': 3, 'detect-lo': 1 },
        variants: { 'detect-hi': { replicaUrls: [urls.hi], maxBatchSize: 3, maxInFlightPerUrl: 2 }, 'detect-lo': { maxBatchSize: 1 } },
      },
    });
    expect(set.status).toBe(200);
    expect(set.json()).toMatchObject({
      shares: { 'detect-hi': 3, 'detect-lo': 1 },
      variants: { 'detect-hi': { replicaUrls: [urls.hi], maxBatchSize: 3, maxInFlightPerUrl: 2 }, 'detect-lo': { replicaUrls: [urls.lo], maxBatchSize: 1 } },
    });
    const answers = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => request(base + '/', { body: { n } })));
    expect(answers.map((a) => a.status)).toEqual(new Array(8).fill(200));
    expect(answers.filter((a) => (a.json() as { upstream: string }).upstream === 'hi')).toHaveLength(6);
    expect(answers.filter((a) => (a.json() as { upstream: string }).upstream === 'lo')).toHaveLength(2);
    expect(hi.batchSizes).toEqual([3, 3]);
    expect(lo.batchSizes).toEqual([1, 1]);
  });

  it('shares {} make it one queue for replicaUrls again; what waited in the split goes with it', async () => {
    await request(admin + '/admin/stage', {
      body: {
        shares: { 'detect-hi': 1, 'detect-lo': 1 },
        variants: { 'detect-hi': { replicaUrls: [urls.hi], maxBatchSize: 4 }, 'detect-lo': { maxBatchSize: 4 } },
      },
    });
    const waiting = [1, 2].map((n) => request(base + '/', { body: { n } }));
    await waitFor(() => service.queue.length === 2);
    const back = await request(admin + '/admin/stage', { body: { shares: {}, replicaUrls: [urls.lo], maxBatchSize: 2 } });
    expect(back.json()).toMatchObject({ shares: {}, replicaUrls: [urls.lo], maxBatchSize: 2 });
    expect((await Promise.all(waiting)).map((a) => (a.json() as { upstream: string }).upstream)).toEqual(['lo', 'lo']);
    expect(lo.batchSizes).toEqual([2]);
  });
});
