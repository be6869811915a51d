import { get } from 'node:http';
import { Counter, Registry } from 'prom-client';
import { startMetricsServer, type RunningMetricsServer } from './metrics-server';

function fetchText(url: string, method = 'GET'): Promise<{ status: number; body: string; type?: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { method }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: res.headers['content-type'] }));
    });
    req.on('error', reject);
  });
}

describe('metrics server', () => {
  let server: RunningMetricsServer;
  let ready = false;
  let health: { ok: true } | { ok: false; reason: string } = { ok: true };
  beforeAll(async () => {
    const a = new Registry();
    const b = new Registry();
    new Counter({ name: 'first_total', help: 'a', registers: [a] }).inc(3);
    new Counter({ name: 'second_total', help: 'b', registers: [b] }).inc(4);
    server = await startMetricsServer({ registries: [a, b], ready: () => ready, health: () => health });
  });
  afterAll(() => server.close());

  it('serves the merged registries in the Prometheus text format', async () => {
    const res = await fetchText(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('first_total 3');
    expect(res.body).toContain('second_total 4');
  });

  it('answers /healthz while healthy, 503 with the reason when not', async () => {
    expect(await fetchText(`${server.url}/healthz`)).toMatchObject({ status: 200, body: 'ok\n' });
    health = { ok: false, reason: 'loop stalled: the running tick has not finished for 2m' };
    expect(await fetchText(`${server.url}/healthz`)).toMatchObject({ status: 503, body: 'loop stalled: the running tick has not finished for 2m\n' });
    health = { ok: true };
  });

  it('answers /readyz only when ready', async () => {
    expect((await fetchText(`${server.url}/readyz`)).status).toBe(503);
    ready = true;
    expect((await fetchText(`${server.url}/readyz`)).status).toBe(200);
  });

  it('404 elsewhere, 405 for other methods', async () => {
    expect((await fetchText(`${server.url}/nope`)).status).toBe(404);
    expect((await fetchText(`${server.url}/metrics`, 'POST')).status).toBe(405);
  });

  it('listens on loopback by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
