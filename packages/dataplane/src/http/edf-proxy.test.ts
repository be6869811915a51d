import { ManualClock } from '@infscale/core';
import { errorLog } from '../test-support/error-log';
import { UpstreamServer } from '../test-support/upstream-server';
import { metricValue, request, waitFor } from '../test-support/http-client';
import { EdfProxy, SENT_AT_HEADER, SLO_HEADER } from './edf-proxy';

describe('EdfProxy over real sockets', () => {
  let server: UpstreamServer;
  let proxy: EdfProxy;
  let base: string;
  let admin: string;
  let clock: ManualClock;
  const T0 = 1_700_000_000_000;

  /** Service time 100 ms per batch + 10 ms per request: a batch of 1 takes 110 ms. */
  async function start(latePolicy: 'drop' | 'serve-late' = 'drop', batchSize = 2): Promise<void> {
    server = new UpstreamServer({ name: 'resnet' });
    const url = (await server.listen()) + '/v1/models/resnet:predict';
    clock = new ManualClock(T0);
    proxy = new EdfProxy({ upstreamUrl: url, batchSize, serviceTime: (b) => 100 + 10 * b, defaultSloMs: 1000, latePolicy, clock });
    base = await proxy.listen();
    admin = await proxy.listenAdmin();
  }
  afterEach(() => Promise.all([proxy.close(), server.close()]));

  const send = (id: string, sloMs?: number, sentAtMs?: number) =>
    request(base + '/', {
      body: { id },
      headers: { ...(sloMs !== undefined ? { [SLO_HEADER]: String(sloMs) } : {}), ...(sentAtMs !== undefined ? { [SENT_AT_HEADER]: String(sentAtMs) } : {}) },
    });

  it('batches by earliest deadline: the request that spent more time in the network goes first', async () => {
    await start('drop', 2);
    server.delayMs = 50; // keeps the server busy while the next three arrive
    const first = [send('first', 5000), send('second', 5000)]; // a full batch leaves at once
    await waitFor(() => server.received.length === 1);
    const loose = send('loose', 5000, T0);
    const tight = send('tight', 5000, T0 - 3000); // 3 s already spent in the network
    const mid = send('mid', 5000, T0 - 1000);
    await waitFor(() => proxy.queue.length === 3);
    expect((await request(admin + '/admin/queue')).json()).toMatchObject({ budgetsMs: [2000, 4000, 5000], queued: 3 });
    await waitFor(() => server.received.length === 2); // the full batch of the two most urgent
    clock.advance(4880); // loose's dispatch time: deadline T0+5000 − s(2) = 120 ms
    await request(admin + '/admin/config', { body: {} });
    await Promise.all([...first, loose, tight, mid]);
    const batches = server.received.map((r) => (JSON.parse(r.body) as { instances: { id: string }[] }).instances.map((i) => i.id));
    expect(batches).toEqual([['first', 'second'], ['tight', 'mid'], ['loose']]);
  });

  it('answers at once with 504 a request that cannot make its deadline, and counts it', async () => {
    await start('drop');
    const res = await send('hopeless', 1000, T0 - 950); // 50 ms left, a batch of 1 takes 110
    expect(res.status).toBe(504);
    expect(res.json()).toMatchObject({ error: 'deadline-unmeetable', budgetMs: 50, reason: expect.stringMatching(/60 ms late/) });
    expect(server.received).toHaveLength(0);
    const text = (await request(base + '/metrics')).text;
    expect(metricValue(text, 'infscale_edf_dropped_total')).toBe(1);
    expect(metricValue(text, 'infscale_edf_requests_total{code="504"}')).toBe(1);
  });

  it('with serve-late, serves the hopeless request anyway, marks it late and counts it', async () => {
    await start('serve-late');
    const res = await send('hopeless', 1000, T0 - 950);
    expect(res.status).toBe(200);
    expect(res.headers['x-infscale-late']).toBe('1');
    const text = (await request(base + '/metrics')).text;
    expect(metricValue(text, 'infscale_edf_late_total')).toBe(1);
  });

  it('uses the default SLO without headers and waits to fill the batch until the last safe moment', async () => {
    await start('drop', 4);
    const pending = send('a'); // deadline T0+1000, s(4) = 140 → leaves at T0+860
    await waitFor(() => proxy.queue.length === 1);
    expect((await request(admin + '/admin/queue')).json()).toMatchObject({ budgetsMs: [1000] });
    clock.advance(860);
    await request(admin + '/admin/config', { body: {} }); // wakes the queue at the new time
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.headers['x-infscale-deadline-ms']).toBe(String(T0 + 1000));
    expect(server.batchSizes).toEqual([1]);
  });

  it('exports queue length, budgets and batch sizes; refuses cores without a latency model', async () => {
    await start('drop', 1);
    await send('a', 800, T0 - 300);
    const text = (await request(base + '/metrics')).text;
    expect(metricValue(text, 'infscale_edf_remaining_budget_seconds_bucket{le="0.5"}')).toBe(1);
    expect(metricValue(text, 'infscale_edf_remaining_budget_seconds_bucket{le="0.4"}')).toBe(0);
    expect(metricValue(text, 'infscale_edf_batch_size_sum')).toBe(1);
    expect(metricValue(text, 'infscale_edf_queue_length')).toBe(0);
    expect(metricValue(text, 'infscale_edf_requests_total{code="200"}')).toBe(1);
    expect((await request(admin + '/admin/config', { body: { cores: 4 } })).status).toBe(400);
  });
});

describe('EdfProxy with Sponge latency model', () => {
  it('re-plans the dispatch time after a resize', async () => {
    const clock = new ManualClock(0);
    const model = { gamma: 18.29, delta: 4.488, epsilon: 45.47, eta: 1.046 };
    const proxy = new EdfProxy({ upstreamUrl: 'http://127.0.0.1:1/', batchSize: 4, serviceTime: { model, cores: 1 }, defaultSloMs: 1000, clock });
    try {
      proxy.queue.admit(undefined as never, { arrivalMs: 0, sloMs: 1000 });
      const at1 = proxy.queue.nextDeadlineMs() as number;
      proxy.setCores(8);
      const at8 = proxy.queue.nextDeadlineMs() as number;
      expect(at1).toBeCloseTo(1000 - (18.29 * 4 + 4.488 * 4 + 45.47 + 1.046), 6);
      expect(at8).toBeCloseTo(1000 - ((18.29 * 4) / 8 + 4.488 * 4 + 45.47 / 8 + 1.046), 6);
    } finally {
      await proxy.close();
    }
  });
});

describe('EdfProxy: admin input, deadlines while busy, a hung server, limits', () => {
  let server: UpstreamServer;
  let proxy: EdfProxy;
  let base: string;
  let admin: string;
  const model = { gamma: 0, delta: 0, epsilon: 0, eta: 10 }; // 10 ms a batch, whatever the cores
  const log = errorLog();

  async function start(options: Partial<ConstructorParameters<typeof EdfProxy>[0]> = {}): Promise<void> {
    server = new UpstreamServer({ name: 'resnet' });
    const url = (await server.listen()) + '/v1/models/resnet:predict';
    log.lines.length = 0;
    proxy = new EdfProxy({ upstreamUrl: url, batchSize: 1, serviceTime: { model, cores: 2 }, defaultSloMs: 1000, onError: log.onError, ...options });
    base = await proxy.listen();
    admin = await proxy.listenAdmin();
  }
  afterEach(async () => {
    server.holding = false;
    server.release();
    await Promise.all([proxy.close(), server.close()]);
  });

  const send = (sloMs: number) => request(base + '/', { body: { img: 1 }, headers: { [SLO_HEADER]: String(sloMs) } });
  const timed = async (answer: Promise<{ status: number; json: () => unknown }>) => {
    const t0 = Date.now();
    const res = await answer;
    return { status: res.status, body: res.json(), ms: Date.now() - t0 };
  };

  it.each([
    ['cores true', { cores: true }, 'cores'],
    ['cores [5]', { cores: [5] }, 'cores'],
    ['cores "3"', { cores: '3' }, 'cores'],
    ['cores 1e-300 (every request would get 504)', { cores: 1e-300 }, 'cores'],
    ['cores 0', { cores: 0 }, 'cores'],
    ['cores 5000', { cores: 5000 }, 'cores'],
    ['batchSize 1e15', { batchSize: 1e15 }, 'batchSize'],
    ['batchSize 2.5', { batchSize: 2.5 }, 'batchSize'],
    ['an unknown field', { cpus: 2 }, 'cpus'],
  ])('refuses %s with 400 naming the field and changes nothing', async (_name, body, field) => {
    await start();
    const res = await request(admin + '/admin/config', { body: { batchSize: 4, ...body } });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: 'bad-field', field });
    expect((await request(admin + '/admin/config')).json()).toEqual({ batchSize: 1, cores: 2 });
    expect((await send(1000)).status).toBe(200);
  });

  it('refuses cores given as a huge number (1111…, Infinity once parsed)', async () => {
    await start();
    const res = await request(admin + '/admin/config', { body: `{"cores": ${'1'.repeat(400)}}` });
    expect(res.json()).toMatchObject({ field: 'cores', message: expect.stringMatching(/got Infinity/) });
  });

  it('takes valid cores and batch, and answers 404 to /admin/config on the traffic port', async () => {
    await start();
    expect((await request(base + '/admin/config', { body: { cores: 0.5 } })).status).toBe(404);
    expect((await request(admin + '/admin/config', { body: { cores: 0.5, batchSize: 3 } })).json()).toEqual({ batchSize: 3, cores: 0.5 });
  });

  it('answers a 1000 ms-SLO request 504 at ~1 s while a batch hangs: queued behind it, and in it', async () => {
    await start({ upstreamTimeoutMs: 10_000 });
    server.holding = true;
    const inService = timed(send(1000));
    await waitFor(() => server.held === 1);
    const queued = timed(send(1000));
    const [a, b] = await Promise.all([inService, queued]);
    expect(a).toMatchObject({ status: 504, body: { error: 'deadline-passed' } });
    expect(b).toMatchObject({ status: 504, body: { error: 'deadline-unmeetable' } });
    for (const r of [a, b]) {
      expect(r.ms).toBeGreaterThan(900);
      expect(r.ms).toBeLessThan(1500);
    }
  });

  it('cuts a hung batch off after the upstream timeout, answers 504 and serves again once the server is back', async () => {
    await start({ upstreamTimeoutMs: 200, latePolicy: 'serve-late' });
    server.holding = true;
    const hung = await timed(send(5000));
    expect(hung).toMatchObject({ status: 504, body: { error: 'upstream-timeout', message: 'the model server did not answer in time' } });
    expect(log.lines).toEqual([expect.objectContaining({ context: 'edf batch', message: expect.stringMatching(/did not answer within 200 ms/) })]);
    expect(hung.ms).toBeLessThan(2000);
    server.holding = false;
    expect((await send(5000)).status).toBe(200);
    expect(metricValue((await request(base + '/metrics')).text, 'infscale_proxy_upstream_timeouts_total')).toBe(1);
  });

  it('times a batch out by default at the later of the default SLO and its latest deadline', async () => {
    await start({ defaultSloMs: 300, latePolicy: 'serve-late' });
    server.holding = true;
    const hung = await timed(send(100)); // its own deadline is earlier: the default SLO bounds the wait
    expect(hung.status).toBe(504);
    expect(hung.ms).toBeGreaterThan(250);
    expect(hung.ms).toBeLessThan(1500);
  });

  it('answers 503 past --max-queue (on-time and late lanes together)', async () => {
    await start({ maxQueue: 1, upstreamTimeoutMs: 10_000 });
    server.holding = true;
    const first = send(60_000); // in service
    await waitFor(() => server.held === 1);
    const second = send(60_000); // queued
    await waitFor(() => proxy.queue.length === 1);
    const full = await send(60_000);
    expect(full.status).toBe(503);
    expect(full.json()).toMatchObject({ error: 'queue-full', maxQueue: 1 });
    server.holding = false;
    server.release();
    expect((await Promise.all([first, second])).map((r) => r.status)).toEqual([200, 200]);
  });

  it('counts an SLO header over 1 h as 1 h (a longer timer would fire at once)', async () => {
    await start({ batchSize: 4 });
    const pending = request(base + '/', { body: { img: 1 }, headers: { [SLO_HEADER]: '1e12' } });
    await waitFor(() => proxy.queue.length === 1);
    expect(((await request(admin + '/admin/queue')).json() as { budgetsMs: number[] }).budgetsMs[0]).toBeLessThanOrEqual(3_600_000);
    await proxy.close();
    await pending.catch(() => undefined);
  });
});
