/**
 * What PrometheusSource sends on the wire (auth, TLS, timeouts) and how it fails, against tiny local
 * HTTP(S) servers that record requests — no Prometheus needed for these.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrometheusClient } from './prometheus-client';
import { PrometheusSource } from './prometheus-source';
import { freePort } from './test-support/prometheus';

const EMPTY_MATRIX = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } });

interface Recorder {
  url: string;
  seen: Array<{ url: string; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
}

async function listen(server: Server, scheme: string, seen: Recorder['seen']): Promise<Recorder> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

function handler(seen: Recorder['seen'], answer: (res: ServerResponse) => void) {
  return (req: IncomingMessage, res: ServerResponse) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    answer(res);
  };
}

const emptyMatrix = (res: ServerResponse) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(EMPTY_MATRIX);

function recorder(answer: (res: ServerResponse) => void = emptyMatrix): Promise<Recorder> {
  const seen: Recorder['seen'] = [];
  return listen(createHttpServer(handler(seen, answer)), 'http', seen);
}

const history = (source: PrometheusSource) => source.arrivalHistory(['web'], 1_700_000_000_000, 10);

describe('auth', () => {
  let server: Recorder;
  beforeEach(async () => (server = await recorder()));
  afterEach(() => server.close());

  it('sends a bearer token and extra headers', async () => {
    const source = PrometheusSource.fromConfig({
      serverAddress: server.url,
      namespace: 'ns',
      auth: { type: 'bearer', token: 's3cret' },
      headers: { 'X-Scope-OrgID': 'team-a' },
    });
    await history(source);
    expect(server.seen[0].headers.authorization).toBe('Bearer s3cret');
    expect(server.seen[0].headers['x-scope-orgid']).toBe('team-a');
  });

  it('sends basic auth', async () => {
    const source = PrometheusSource.fromConfig({ serverAddress: server.url, namespace: 'ns', auth: { type: 'basic', username: 'scaler', password: 'pw:1' } });
    await history(source);
    expect(server.seen[0].headers.authorization).toBe(`Basic ${Buffer.from('scaler:pw:1').toString('base64')}`);
  });

  it('sends no credentials when none are configured, and asks a 1 s-step range under /api/v1', async () => {
    await history(PrometheusSource.fromConfig({ serverAddress: `${server.url}/`, namespace: 'ns' }));
    expect(server.seen[0].headers.authorization).toBeUndefined();
    const url = new URL(server.seen[0].url, server.url);
    expect(url.pathname).toBe('/api/v1/query_range');
    expect(url.searchParams.get('step')).toBe('1');
    expect(Number(url.searchParams.get('end')) - Number(url.searchParams.get('start'))).toBe(9);
    expect(url.searchParams.get('timeout')).toBe('5000ms');
    expect(url.searchParams.get('query')).toContain('pod=~"(?:web)-[a-z0-9]+-[a-z0-9]+"');
  });
});

describe('failures are no-data with a reason, never a throw', () => {
  it('an unreachable Prometheus', async () => {
    const port = await freePort();
    const result = await PrometheusSource.fromConfig({ serverAddress: `http://127.0.0.1:${port}`, namespace: 'ns' }).observe({
      nowMs: 1e12,
      historySeconds: 5,
      deployments: ['web'],
    });
    expect(result).toEqual({ kind: 'no-data', reason: expect.stringMatching(/did not answer: network_error ECONNREFUSED/) });
  });

  it('a Prometheus that does not answer in time', async () => {
    const server = await recorder(() => undefined);
    try {
      const result = await history(PrometheusSource.fromConfig({ serverAddress: server.url, namespace: 'ns', timeoutMs: 100 }));
      expect(result).toEqual({ kind: 'no-data', reason: expect.stringMatching(/timeout_error/) });
    } finally {
      await server.close();
    }
  });

  it.each([
    [
      'an HTTP 503 with a Prometheus error body',
      503,
      JSON.stringify({ status: 'error', errorType: 'unavailable', error: 'overloaded' }),
      /HTTP 503: overloaded/,
    ],
    ['an HTTP 401 from a proxy: its status and what it said', 401, 'Unauthorized', /http_error HTTP 401: answered: Unauthorized/],
    ['a 200 that is not JSON', 200, '<html>login</html>', /did not answer/],
  ])('%s', async (_what, status, body, reason) => {
    const server = await recorder((res) => res.writeHead(status).end(body));
    try {
      expect(await history(PrometheusSource.fromConfig({ serverAddress: server.url, namespace: 'ns' }))).toEqual({
        kind: 'no-data',
        reason: expect.stringMatching(reason),
      });
    } finally {
      await server.close();
    }
  });
});

// A Prometheus cannot be made to trickle its answer or send too much: a local misbehaving server can.
describe('the whole query is bounded, in time and in size', () => {
  const VECTOR_HEAD = '{"status":"success","data":{"resultType":"vector","result":[';
  const client = (url: string, more: { timeoutMs?: number; maxResponseBytes?: number } = {}) =>
    new PrometheusClient({ serverAddress: url, timeoutMs: 300, maxResponseBytes: 1024 * 1024, headers: {}, ...more });

  it('fails at timeoutMs when the answer trickles in (each byte in time, the whole answer not)', async () => {
    let trickle: NodeJS.Timeout | undefined;
    const server = await recorder((res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).write(VECTOR_HEAD);
      trickle = setInterval(() => res.write(' '), 50);
    });
    try {
      const start = Date.now();
      const answer = await client(server.url).instant('up', 1e12);
      expect(answer).toEqual({ kind: 'failed', reason: `timeout_error: no complete answer from ${server.url} within 300 ms (timeoutMs)` });
      expect(Date.now() - start).toBeLessThan(1_500);
    } finally {
      clearInterval(trickle);
      await server.close();
    }
  });

  it('names the HTTP status and quotes the body of an error answer that is not Prometheus JSON', async () => {
    const gateway = await recorder((res) => res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html><body>502 Bad   Gateway</body></html>'));
    const empty = await recorder((res) => res.writeHead(500).end());
    try {
      expect(await client(gateway.url).instant('up', 1e12)).toEqual({
        kind: 'failed',
        reason: 'http_error HTTP 502: answered: <html><body>502 Bad Gateway</body></html>',
      });
      expect(await client(empty.url).range('up', 1e12, 1e12 + 60_000, 1)).toEqual({ kind: 'failed', reason: 'http_error HTTP 500: an empty answer' });
    } finally {
      await Promise.all([gateway.close(), empty.close()]);
    }
  });

  it('fails on an answer over maxResponseBytes, chunked or with its length announced', async () => {
    const big = `${VECTOR_HEAD}${' '.repeat(2 * 1024 * 1024)}]}}`;
    const chunked = await recorder((res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(big));
    const announced = await recorder((res) => res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': big.length }).end(big));
    try {
      for (const server of [chunked, announced]) {
        expect(await client(server.url, { timeoutMs: 5_000 }).instant('up', 1e12)).toEqual({
          kind: 'failed',
          reason: `response_too_large: the answer from ${server.url} is over 1048576 bytes (maxResponseBytes)`,
        });
      }
      expect(await client(chunked.url, { timeoutMs: 5_000, maxResponseBytes: 4 * 1024 * 1024 }).instant('up', 1e12)).toEqual({ kind: 'ok', series: [] });
    } finally {
      await Promise.all([chunked.close(), announced.close()]);
    }
  });
});

describe('TLS', () => {
  let dir: string;
  let cert: string;
  let key: string;
  let server: Recorder;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'infscale-tls-'));
    const made = spawnSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    key = readFileSync(join(dir, 'key.pem'), 'utf8');
    const seen: Recorder['seen'] = [];
    server = await listen(createHttpsServer({ cert, key }, handler(seen, emptyMatrix)), 'https', seen);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unknown certificate by default', async () => {
    const result = await history(PrometheusSource.fromConfig({ serverAddress: server.url, namespace: 'ns' }));
    expect(result.kind === 'no-data' && result.reason).toMatch(/self.signed|certificate/i);
    expect(server.seen).toHaveLength(0);
  });

  it('trusts the configured CA', async () => {
    await history(PrometheusSource.fromConfig({ serverAddress: server.url, namespace: 'ns', tls: { ca: cert } }));
    expect(server.seen).toHaveLength(1);
  });

  it('skips verification when told to', async () => {
    await history(PrometheusSource.fromConfig({ serverAddress: server.url, namespace: 'ns', tls: { insecureSkipVerify: true } }));
    expect(server.seen.length).toBeGreaterThan(0);
  });
});
