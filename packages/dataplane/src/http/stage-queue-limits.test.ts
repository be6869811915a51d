/** StageQueueService: the admin input, its limits, a hung replica and a wall clock stepping back (split from stage-queue-service.test.ts, which keeps batching, in-flight limits and splits). */
import { errorLog } from '../test-support/error-log';
import { UpstreamServer } from '../test-support/upstream-server';
import { metricValue, request, waitFor } from '../test-support/http-client';
import { StageQueueService } from './stage-queue-service';

describe('StageQueueService: admin input, limits and a hung replica', () => {
  let upstream: UpstreamServer;
  let upstreamUrl: string;
  let service: StageQueueService;
  let base: string;
  let admin: string;

  const log = errorLog();

  async function start(options: Partial<ConstructorParameters<typeof StageQueueService>[0]> = {}): Promise<void> {
    upstream = new UpstreamServer({ name: 'replica' });
    upstreamUrl = (await upstream.listen()) + '/v1/models/m:predict';
    log.lines.length = 0;
    service = new StageQueueService({ stage: 'detect', replicaUrls: [upstreamUrl], maxBatchSize: 1, onError: log.onError, ...options });
    base = await service.listen();
    admin = await service.listenAdmin();
  }
  afterEach(async () => {
    upstream.holding = false;
    upstream.release();
    await Promise.all([service.close(), upstream.close()]);
  });

  const settings = async () => (await request(admin + '/admin/stage')).json();

  it.each([
    ['a replica URL that is not one (an unhandled rejection killed the process before)', { replicaUrls: ['not a url'] }, 'replicaUrls.0', /http:\/\/ URL/],
    ['an https replica URL', { replicaUrls: ['https://x/predict'] }, 'replicaUrls.0', /https: is not supported/],
    ['an empty replica list (every request would wait forever)', { replicaUrls: [] }, 'replicaUrls', /1 to 256 entries/],
    ['replicaUrls as a string', { replicaUrls: 'http://x' }, 'replicaUrls', /JSON list/],
    ['a batch of 1e15', { maxBatchSize: 1e15 }, 'maxBatchSize', /from 1 to 1024/],
    ['a batch of 1025', { maxBatchSize: 1025 }, 'maxBatchSize', /from 1 to 1024/],
    ['a batch as a string', { maxBatchSize: '4' }, 'maxBatchSize', /whole number/],
    ['a share that is not a whole number', { shares: { a: 1.5, b: 1 } }, 'shares.a', /whole number from 0 to 1000000/],
    [
      'a split to a variant without a URL',
      { shares: { a: 1, b: 1 }, variants: { a: { replicaUrls: ['http://a/predict'] } } },
      'shares.b',
      /no URL for variant "b": set variants.b.replicaUrls, or start the queue with --variant b=<url>/,
    ],
    ['a variant batch of 0', { variants: { a: { maxBatchSize: 0 } } }, 'variants.a.maxBatchSize', /from 1 to 1024/],
    [
      'a variant with an unknown field',
      { variants: { a: { batch: 2 } } },
      'variants.a.batch',
      /unknown field; valid fields: replicaUrls, maxBatchSize, maxInFlightPerUrl/,
    ],
    ['a variant name that is not one', { variants: { 'a b': {} } }, 'variants.a b', /a name must be/],
    ['an unknown field', { maxBatch: 4 }, 'maxBatch', /unknown field; valid fields: maxBatchSize, replicaUrls, maxInFlightPerUrl, shares, variants/],
  ])('refuses %s with 400 naming the field; nothing changes and it keeps serving', async (_name, body, field, message) => {
    await start();
    const before = await settings();
    const res = await request(admin + '/admin/stage', { body: { maxBatchSize: 2, ...body } });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: 'bad-field', field, message: expect.stringMatching(message) });
    expect(await settings()).toEqual(before);
    expect((await request(base + '/', { body: { n: 1 } })).status).toBe(200);
  });

  it('answers 404 to /admin/stage on the traffic port', async () => {
    await start();
    expect((await request(base + '/admin/stage', { body: { maxBatchSize: 2 } })).status).toBe(404);
    expect(service.maxBatchSize).toBe(1);
  });

  it('cuts a hung batch off with 504 and frees its place: once the replica is back the queue serves again', async () => {
    await start({ upstreamTimeoutMs: 200 });
    upstream.holding = true;
    const t0 = Date.now();
    const hung = await request(base + '/', { body: { n: 1 } });
    expect(hung.status).toBe(504);
    expect(hung.json()).toMatchObject({ error: 'upstream-timeout', message: 'the model server did not answer in time' });
    const id = hung.headers['x-request-id'] as string;
    expect(log.of(id)).toEqual([expect.objectContaining({ message: `model server at ${upstreamUrl} did not answer within 200 ms (--upstream-timeout-ms)` })]);
    expect(Date.now() - t0).toBeLessThan(2000);
    upstream.holding = false;
    const next = await request(base + '/', { body: { n: 2 } });
    expect(next.status).toBe(200);
    expect(metricValue((await request(base + '/metrics')).text, 'infscale_proxy_upstream_timeouts_total')).toBe(1);
  });

  it('reports the replica wedged on /healthz after 3 timeouts in a row, and well again after an answer', async () => {
    await start({ upstreamTimeoutMs: 100 });
    upstream.holding = true;
    for (let i = 0; i < 3; i++) expect((await request(base + '/', { body: { n: i } })).status).toBe(504);
    const health = await request(base + '/healthz');
    expect(health.status).toBe(503);
    expect(health.json()).toMatchObject({ ok: false, consecutiveTimeouts: 3 });
    upstream.holding = false;
    expect((await request(base + '/', { body: { n: 9 } })).status).toBe(200);
    expect((await request(base + '/healthz')).status).toBe(200);
  });

  it('answers 503 past --max-queue and counts it', async () => {
    await start({ maxQueue: 2 });
    upstream.holding = true;
    const held = [1, 2, 3].map((n) => request(base + '/', { body: { n } })); // one in flight, two queued
    await waitFor(() => upstream.held === 1 && service.queue.length === 2);
    const full = await request(base + '/', { body: { n: 4 } });
    expect(full.status).toBe(503);
    expect(full.headers['retry-after']).toBe('1');
    expect(full.json()).toMatchObject({ error: 'queue-full', maxQueue: 2 });
    expect(metricValue((await request(base + '/metrics')).text, 'infscale_proxy_rejected_total{reason="queue-full"}')).toBe(1);
    upstream.holding = false;
    upstream.release();
    expect((await Promise.all(held)).map((a) => a.status)).toEqual([200, 200, 200]);
  });

  it('answers 413 to an input over --max-body-bytes', async () => {
    await start({ maxBodyBytes: 1024 });
    const res = await request(base + '/', { body: { big: 'x'.repeat(2048) } });
    expect(res.status).toBe(413);
    expect(upstream.received).toHaveLength(0);
  });

  it('answers 502 (not a crash) when a replica answers more than the limit allows', async () => {
    await start({ maxBodyBytes: 64 });
    const res = await request(base + '/', { body: { text: 'y'.repeat(50) } }); // the stand-in echoes the input back, with more around it
    expect(res.status).toBe(502);
    expect(res.json()).toMatchObject({ error: 'model-server-error', message: "the model server's answer was too large" });
    expect(log.of(res.headers['x-request-id'] as string)).toEqual([
      expect.objectContaining({ message: `model server at ${upstreamUrl} answered more than 64 bytes` }),
    ]);
  });
});

describe('StageQueueService while the wall clock steps back (NTP)', () => {
  let upstream: UpstreamServer;
  let service: StageQueueService | undefined;
  afterEach(async () => {
    jest.restoreAllMocks();
    upstream.holding = false;
    upstream.release();
    await Promise.all([service?.close(), upstream.close()]);
  });

  /** One request in flight (the upstream holds it) and one queued, then the clock steps back 2 s, then a third. */
  async function stepBackWhileQueued(stepBack: () => void, clock?: { now: () => number }): Promise<number[]> {
    upstream = new UpstreamServer({ name: 'replica' });
    upstream.holding = true;
    service = new StageQueueService({ stage: 's', replicaUrls: [await upstream.listen()], maxBatchSize: 1, maxWaitMs: 0, clock });
    const base = await service.listen();
    const first = [1, 2].map((n) => request(base + '/', { body: { n } }));
    await waitFor(() => upstream.held === 1 && service?.queue.length === 1);
    stepBack();
    const third = request(base + '/', { body: { n: 3 } });
    await Promise.race([third, waitFor(() => service?.queue.length === 2)]); // an error answer comes at once
    upstream.holding = false;
    upstream.release();
    return (await Promise.all([...first, third])).map((a) => a.status);
  }

  it('an injected clock that steps back fails no request (500 before: "time went back")', async () => {
    let offsetMs = 0;
    const clock = { now: () => Date.now() + offsetMs };
    expect(await stepBackWhileQueued(() => (offsetMs = -2000), clock)).toEqual([200, 200, 200]);
  });

  it('by default times the queue by a monotonic clock: Date.now() stepping back changes nothing', async () => {
    const wall = Date.now;
    expect(await stepBackWhileQueued(() => jest.spyOn(Date, 'now').mockImplementation(() => wall() - 2000))).toEqual([200, 200, 200]);
  });

  it('by default a lone request waits its maxWaitMs, not also the 2 s Date.now() stepped back while it waited', async () => {
    upstream = new UpstreamServer({ name: 'replica' });
    service = new StageQueueService({ stage: 's', replicaUrls: [await upstream.listen()], maxBatchSize: 2, maxWaitMs: 300 });
    const base = await service.listen();
    const started = performance.now();
    const answer = request(base + '/', { body: { n: 1 } });
    await waitFor(() => service?.queue.length === 1);
    const wall = Date.now;
    jest.spyOn(Date, 'now').mockImplementation(() => wall() - 2000);
    expect((await answer).status).toBe(200);
    // Timed by the wall clock, the batch would be due 2 s later than asked (about 2.3 s after the request).
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
