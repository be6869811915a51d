import { request } from 'node:http';
import { startEmulator, type RunningEmulator } from './emulator-server';
import { loadTarget, runLoad } from '@infscale/profiler';

function call(url: string, method: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

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
    const res = await call(`${emu.url}/predict`, 'POST', '{"instances":[1]}');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ variant: 'resnet18', batch: 1 });
    expect(JSON.parse(res.body).latencyMs).toBeGreaterThanOrEqual(20);
  });

  it('replays a trace open-loop and counts every request in its metrics', async () => {
    const before = (await emu.metrics.requests.get()).values[0].value;
    const result = await runLoad({ url: `${emu.url}/predict`, countsPerSecond: [15, 25], seed: 9 });
    expect(result).toMatchObject({ sent: 40, ok: 40, failed: 0 });
    const after = (await emu.metrics.requests.get()).values[0].value;
    expect(after - before).toBe(40);
    const text = (await call(`${emu.url}/metrics`, 'GET')).body;
    expect(text).toMatch(/infscale_model_request_duration_seconds_count\{variant="resnet18"\} 41/);
    expect(text).toContain('infscale_model_in_flight_requests{variant="resnet18"} 0');
    expect(text).toContain('infscale_model_cores{variant="resnet18"} 1');
  });

  it('changes cores and batch at run time, and says which field is wrong', async () => {
    expect(JSON.parse((await call(`${emu.url}/admin/config`, 'POST', '{"cores":4,"batch":2}')).body)).toEqual({ cores: 4, batch: 2, workers: 1 });
    expect(JSON.parse((await call(`${emu.url}/admin/config`, 'GET')).body)).toEqual({ cores: 4, batch: 2, workers: 1 });
    const bad = await call(`${emu.url}/admin/config`, 'POST', '{"cores":-1,"speed":3}');
    expect(bad.status).toBe(400);
    expect(
      JSON.parse(bad.body)
        .issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(['cores', 'speed']); // the unknown field by name
    expect((await call(`${emu.url}/admin/config`, 'POST', 'not json')).status).toBe(400);
    expect(emu.queue.config).toEqual({ cores: 4, batch: 2, workers: 1 });
  });

  it('answers health probes and 404 elsewhere', async () => {
    expect((await call(`${emu.url}/healthz`, 'GET')).status).toBe(200);
    expect((await call(`${emu.url}/nothing`, 'GET')).status).toBe(404);
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
