import { largeUpload, metricValue, request, stalledRequest, waitFor } from '@infscale/dataplane/testing';
import { loadTarget, runLoad } from '@infscale/profiler';
import { EmulatorServer, startEmulator, type EmulatorSettings, type RunningEmulator } from './emulator-server';

const json = { 'content-type': 'application/json' };

describe('emulator over HTTP', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    // 1 core: 1·b + 20 ms per batch; 4 cores: a quarter of that.
    emu = await startEmulator({
      variant: 'resnet18',
      profile: { kind: 'sponge', gamma: 1, delta: 0, epsilon: 20, eta: 0 },
      initial: { cores: 1, batch: 4, workers: 1 },
    });
  });
  afterAll(() => emu.close());

  it('answers a prediction with the variant and the batch it was served in', async () => {
    const res = await request(`${emu.url}/predict`, { body: '{"instances":[1]}', headers: json });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ variant: 'resnet18', batch: 1 });
    expect((res.json() as { latencyMs: number }).latencyMs).toBeGreaterThanOrEqual(20);
  });

  it('replays a trace open-loop and counts every request in its metrics', async () => {
    const before = (await emu.metrics.requests.get()).values[0].value;
    const result = await runLoad({ url: `${emu.url}/predict`, countsPerSecond: [15, 25], seed: 9 });
    expect(result).toMatchObject({ sent: 40, ok: 40, failed: 0 });
    const after = (await emu.metrics.requests.get()).values[0].value;
    expect(after - before).toBe(40);
    const text = (await request(`${emu.url}/metrics`)).text;
    expect(text).toMatch(/infscale_model_request_duration_seconds_count\{variant="resnet18"\} 41/);
    expect(text).toContain('infscale_model_in_flight_requests{variant="resnet18"} 0');
    expect(text).toContain('infscale_model_cores{variant="resnet18"} 1');
  });

  it('changes cores and batch at run time on its admin port, and says which field is wrong', async () => {
    const admin = `${emu.adminUrl}/admin/config`;
    expect((await request(admin, { body: { cores: 4, batch: 2 } })).json()).toEqual({ cores: 4, batch: 2, workers: 1 });
    expect((await request(admin)).json()).toEqual({ cores: 4, batch: 2, workers: 1 });
    const bad = await request(admin, { body: { cores: -1, speed: 3 } });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'bad-config' });
    expect((bad.json() as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual(['cores', 'speed']); // the unknown field by name
    expect((await request(admin, { body: 'not json' })).status).toBe(400);
    expect(emu.queue.config).toEqual({ cores: 4, batch: 2, workers: 1 });
  });

  it("takes Sponge's model-server hook body {batchSize, cores} as it is posted", async () => {
    const admin = `${emu.adminUrl}/admin/config`;
    expect((await request(admin, { body: { batchSize: 3, cores: 2 } })).json()).toEqual({ cores: 2, batch: 3, workers: 1 });
    const both = await request(admin, { body: { batch: 2, batchSize: 4 } });
    expect(both.status).toBe(400);
    expect(both.json()).toMatchObject({ issues: [{ path: 'batchSize', message: expect.stringMatching(/differs from batch 2/) }] });
    expect((await request(admin, { body: { batch: 4, batchSize: 4 } })).json()).toEqual({ cores: 2, batch: 4, workers: 1 });
    expect(emu.queue.config).toEqual({ cores: 2, batch: 4, workers: 1 });
  });

  it('answers health probes, and 404 elsewhere', async () => {
    expect((await request(`${emu.url}/healthz`)).status).toBe(200);
    expect((await request(`${emu.url}/nothing`)).status).toBe(404);
    expect((await request(`${emu.adminUrl}/livez`)).json()).toEqual({ ok: true });
  });
});

describe('emulator: the admin endpoint apart from the traffic, behind the token', () => {
  const TOKEN = 'a-long-random-admin-token';
  const auth = { authorization: `Bearer ${TOKEN}` };
  // 400 ms a batch at 1 core, 100 ms at 4.
  let emu: RunningEmulator;
  beforeEach(async () => {
    emu = await startEmulator({
      variant: 'v',
      profile: { kind: 'sponge', gamma: 0, delta: 0, epsilon: 400, eta: 0 },
      initial: { cores: 1, batch: 1, workers: 1 },
      adminToken: TOKEN,
      maxAdminBodyBytes: 1024,
    });
  });
  afterEach(() => emu.close());

  const latencyMs = async () => ((await request(`${emu.url}/predict`, { body: '{}' })).json() as { latencyMs: number }).latencyMs;

  it('answers 404 to /admin/* on the traffic port, saying where it is, and changes nothing', async () => {
    for (const path of ['/admin/config', '/admin', '/admin?x=1', '/admin/config?cores=4']) {
      const res = await request(emu.url + path, { body: { cores: 4 }, headers: auth });
      expect(res.status).toBe(404);
      expect(res.json()).toMatchObject({ error: 'not-found', message: expect.stringMatching(/admin port \(--admin-port\)/) });
    }
    expect((await request(`${emu.url}/admin/config`, { headers: auth })).status).toBe(404);
    expect(emu.queue.config).toEqual({ cores: 1, batch: 1, workers: 1 });
  });

  it('answers 401 on the admin port without the token or with a wrong one, and changes nothing', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: TOKEN },
      { authorization: `Basic ${TOKEN}` },
      { authorization: `Bearer ${TOKEN}x` },
    ]) {
      const res = await request(`${emu.adminUrl}/admin/config`, { body: { cores: 4 }, headers });
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.json()).toMatchObject({ error: 'unauthorized' });
      expect((await request(`${emu.adminUrl}/admin/config`, { headers })).status).toBe(401);
    }
    // Which endpoints exist is not told without the token either.
    expect((await request(`${emu.adminUrl}/admin/nothing`)).status).toBe(401);
    expect(emu.queue.config).toEqual({ cores: 1, batch: 1, workers: 1 });
  });

  it('answers GET /livez without the token (it tells nothing)', async () => {
    expect((await request(`${emu.adminUrl}/livez`)).json()).toEqual({ ok: true });
  });

  it('takes a change with the token, and serves at the new speed', async () => {
    expect(await latencyMs()).toBeGreaterThanOrEqual(390);
    const res = await request(`${emu.adminUrl}/admin/config`, { body: { cores: 4 }, headers: { authorization: `bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ cores: 4, batch: 1, workers: 1 });
    expect((await request(`${emu.adminUrl}/admin/config`, { headers: auth })).json()).toEqual({ cores: 4, batch: 1, workers: 1 });
    const fast = await latencyMs();
    expect(fast).toBeGreaterThanOrEqual(95);
    expect(fast).toBeLessThan(300);
    expect(metricValue((await request(`${emu.url}/metrics`)).text, 'infscale_model_cores{variant="v"}')).toBe(4);
  });

  it('lists its endpoints to a caller with the token, and refuses an admin body over its limit (413)', async () => {
    const unknown = await request(`${emu.adminUrl}/admin/quotas`, { body: {}, headers: auth });
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ message: expect.stringContaining('GET /admin/config, POST /admin/config') });
    const big = await request(`${emu.adminUrl}/admin/config`, { body: `{"cores": 2, "pad": "${'x'.repeat(2000)}"}`, headers: auth });
    expect(big.status).toBe(413);
    expect(big.json()).toMatchObject({ error: 'body-too-large', limitBytes: 1024 });
    expect(emu.queue.config).toEqual({ cores: 1, batch: 1, workers: 1 });
  });
});

describe('emulator: a config its latency table cannot serve', () => {
  it('is refused (400) before anything changes, and the emulator keeps serving', async () => {
    // Measured at 2 and 4 cores, batches of 1 and 2: fewer cores or a larger batch has no row.
    const emu = await startEmulator({
      variant: 'v',
      profile: {
        kind: 'table',
        points: [
          { batch: 1, cores: 2, latencyMs: 20 },
          { batch: 2, cores: 2, latencyMs: 30 },
          { batch: 1, cores: 4, latencyMs: 10 },
        ],
      },
      initial: { cores: 2, batch: 1, workers: 1 },
    });
    try {
      for (const change of [{ cores: 1 }, { batch: 3 }]) {
        const res = await request(`${emu.adminUrl}/admin/config`, { body: change });
        expect(res.status).toBe(400);
        expect(res.json()).toMatchObject({ error: 'bad-config', message: expect.stringMatching(/no row for batch/) });
      }
      expect(emu.queue.config).toEqual({ cores: 2, batch: 1, workers: 1 });
      // Before this check, a request after {cores: 1} threw in the request handler and ended the process.
      expect((await request(`${emu.url}/predict`, { body: '{}' })).status).toBe(200);
      expect((await request(`${emu.adminUrl}/admin/config`, { body: { batch: 2 } })).status).toBe(200);
    } finally {
      await emu.close();
    }
  });

  it('is refused at start', () => {
    expect(
      () =>
        new EmulatorServer({
          variant: 'v',
          profile: { kind: 'table', points: [{ batch: 1, cores: 2, latencyMs: 20 }] },
          initial: { cores: 1, batch: 1, workers: 1 },
        }),
    ).toThrow(/no row for batch ≥ 1 at ≤ 1 cores/);
  });
});

describe('emulator: bounded queue, bodies and senders', () => {
  let emu: EmulatorServer;
  let url: string;
  async function start(settings: Partial<EmulatorSettings>) {
    // Every batch takes 300 ms, one at a time: what arrives meanwhile stays held.
    emu = new EmulatorServer({
      variant: 'v',
      profile: { kind: 'sponge', gamma: 0, delta: 0, epsilon: 0, eta: 300 },
      initial: { cores: 1, batch: 1, workers: 1 },
      ...settings,
    });
    url = await emu.listen();
    await emu.listenAdmin();
  }
  afterEach(() => emu.close());

  it('answers 503 queue-full past maxQueue, at once, and serves again once the queue drains', async () => {
    await start({ maxQueue: 2 });
    const held = [request(`${url}/predict`, { body: '{}' }), request(`${url}/predict`, { body: '{}' })];
    await waitFor(() => emu.held === 2);
    const started = Date.now();
    const refused = await request(`${url}/predict`, { body: '{}' });
    expect(Date.now() - started).toBeLessThan(250);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json()).toMatchObject({ error: 'queue-full', maxQueue: 2, message: expect.stringMatching(/--max-queue/) });
    expect((await request(`${url}/healthz`)).status).toBe(200); // still answering while full
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200]);
    expect((await request(`${url}/predict`, { body: '{}' })).status).toBe(200);
    expect(emu.held).toBe(0);
    expect((await emu.metrics.requests.get()).values[0]?.value).toBe(3); // the refused one never arrived
    const metrics = (await request(`${url}/metrics`)).text;
    expect(metricValue(metrics, 'infscale_model_rejected_total{variant="v",reason="queue-full"}')).toBe(1);
  });

  it('counts senders still sending their bodies toward maxQueue, and frees the place of one that gives up', async () => {
    await start({ maxQueue: 1 });
    const slow = await stalledRequest(`${url}/predict`, '{"n": 1}', 2);
    await waitFor(() => emu.held === 1);
    expect((await request(`${url}/predict`, { body: '{}' })).status).toBe(503);
    slow.abort();
    await waitFor(() => emu.held === 0);
    expect((await request(`${url}/predict`, { body: '{}' })).status).toBe(200);
  });

  it('cuts off a sender that has not sent its whole request within requestTimeoutMs (408) and frees its place', async () => {
    await start({ maxQueue: 1, requestTimeoutMs: 300 });
    const started = Date.now();
    const slow = await stalledRequest(`${url}/predict`, '{"n": 1}', 2);
    expect(await slow.answer).toBe(408);
    expect(Date.now() - started).toBeLessThan(2000);
    await waitFor(() => emu.held === 0);
    expect((await request(`${url}/predict`, { body: '{}' })).status).toBe(200);
  });

  it('refuses a body over maxBodyBytes (413), declared or streamed, and keeps serving', async () => {
    await start({ maxBodyBytes: 1024 });
    for (const declareLength of [true, false]) {
      const answer = await largeUpload(`${url}/predict`, 256 * 1024, { declareLength });
      expect(answer.status).toBe(413);
      expect(answer.text).toMatch(/"error":"body-too-large"/);
    }
    expect((await request(`${url}/predict`, { body: 'x'.repeat(1024) })).status).toBe(200);
    expect(emu.held).toBe(0);
    expect((await emu.metrics.requests.get()).values[0]?.value).toBe(1);
    const metrics = (await request(`${url}/metrics`)).text;
    expect(metricValue(metrics, 'infscale_model_rejected_total{variant="v",reason="body-too-large"}')).toBe(2);
    expect(metricValue(metrics, 'infscale_model_rejected_total{variant="v",reason="queue-full"}')).toBeUndefined();
  });
});

describe('loadgen', () => {
  it('allowRemote permits other hosts over http, never https (checked without sending anything)', () => {
    expect(loadTarget('http://scaler-ingress.example/predict', true).hostname).toBe('scaler-ingress.example');
    expect(() => loadTarget('http://scaler-ingress.example/predict', false)).toThrow(/loopback only/);
    expect(() => loadTarget('https://scaler-ingress.example/predict', true)).toThrow(/plain http only/);
  });

  it.each(['http://example.com/predict', 'https://127.0.0.1:1/predict', 'http://10.0.0.1/predict'])('refuses %s: loopback http only', async (url) => {
    await expect(runLoad({ url, countsPerSecond: [1] })).rejects.toThrow(/loopback only|plain http only/);
  });

  it('stops at maxDurationMs whatever the trace says', async () => {
    const emu = await startEmulator({
      variant: 'v',
      profile: { kind: 'sponge', gamma: 0, delta: 0, epsilon: 0, eta: 1 },
      initial: { cores: 1, batch: 1, workers: 4 },
    });
    try {
      const result = await runLoad({ url: `${emu.url}/predict`, countsPerSecond: [5, 5, 5, 5, 5, 5, 5, 5], maxDurationMs: 1000 });
      expect(result.sent).toBe(5);
    } finally {
      await emu.close();
    }
  });

  it('counts a refused connection as failed', async () => {
    const emu = await startEmulator({
      variant: 'v',
      profile: { kind: 'sponge', gamma: 0, delta: 0, epsilon: 0, eta: 1 },
      initial: { cores: 1, batch: 1, workers: 1 },
    });
    const url = `${emu.url}/predict`;
    await emu.close();
    expect(await runLoad({ url, countsPerSecond: [3] })).toMatchObject({ sent: 3, ok: 0, failed: 3 });
  });
});
