import { get } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Counter, Gauge, Registry } from 'prom-client';
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

/** Connects and sends `text` (maybe an unfinished request); resolves with everything the server sent once it closes the connection. */
function rawUntilClosed(port: number, text: string): { socket: Socket; closed: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  socket.write(text);
  const closed = new Promise<string>((resolve) => {
    let got = '';
    socket.on('data', (c: Buffer) => (got += c.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(got));
  });
  return { socket, closed };
}

describe('metrics server limits', () => {
  it('answers 408 and disconnects a client that does not finish its request in time', async () => {
    const server = await startMetricsServer({ registries: [new Registry()], requestTimeoutMs: 300 });
    try {
      const started = Date.now();
      const { closed } = rawUntilClosed(server.port, 'GET /metrics HTTP/1.1\r\nHost: x\r\n');
      expect(await closed).toMatch(/^HTTP\/1\.1 408/);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await server.close();
    }
  });

  it('closes connections past maxConnections at once and serves again when one ends', async () => {
    const server = await startMetricsServer({ registries: [new Registry()], maxConnections: 2 });
    const idle = [rawUntilClosed(server.port, ''), rawUntilClosed(server.port, '')];
    try {
      await new Promise((r) => setTimeout(r, 200));
      const third = rawUntilClosed(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(await third.closed).toBe('');
      idle[0]!.socket.destroy();
      await idle[0]!.closed;
      await new Promise((r) => setTimeout(r, 50));
      expect(await fetchText(`${server.url}/healthz`)).toMatchObject({ status: 200, body: 'ok\n' });
    } finally {
      for (const c of idle) c.socket.destroy();
      await server.close();
    }
  });

  it('answers 500 without the error text when collecting fails, and tells onError', async () => {
    const registry = new Registry();
    new Gauge({
      name: 'broken',
      help: 'a collector that throws',
      registers: [registry],
      collect() {
        throw new Error('secret internal detail at /var/run/x');
      },
    });
    const errors: unknown[] = [];
    const server = await startMetricsServer({ registries: [registry], onError: (e) => errors.push(e) });
    try {
      const res = await fetchText(`${server.url}/metrics`);
      expect(res.status).toBe(500);
      expect(res.body).toBe('collecting the metrics failed\n');
      expect(String(errors[0])).toContain('secret internal detail');
    } finally {
      await server.close();
    }
  });

  it('refuses limits that are not positive integers', () => {
    expect(() => startMetricsServer({ registries: [], requestTimeoutMs: 0 })).toThrow(/requestTimeoutMs/);
    expect(() => startMetricsServer({ registries: [], maxConnections: 1.5 })).toThrow(/maxConnections/);
  });
});
