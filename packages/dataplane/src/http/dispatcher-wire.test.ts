// What the dispatcher reads and writes on the wire, where a proxy is open to request smuggling and to
// upstreams no node server would imitate: the framing of request bodies and out-of-range status lines.
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { errorLog } from '../test-support/error-log';
import { UpstreamServer } from '../test-support/upstream-server';
import { metricValue, request, waitFor, within } from '../test-support/http-client';
import { rawExchange } from '../test-support/raw-exchange';
import { DispatcherProxy } from './dispatcher-proxy';

describe('DispatcherProxy: request framing, so no body is read upstream as a request of its own', () => {
  interface Seen {
    method: string;
    url: string;
    rawHeaders: string[];
    body: string;
  }
  const seen: Seen[] = [];
  // A model server on a keep-alive connection: a body forwarded without framing would be parsed as its next request.
  const upstream = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString('utf8') });
      // A late answer lands on the pooled connection after it went back to the pool: a desync would hand it to the next client.
      setTimeout(() => res.end(`answer for ${req.url ?? ''}`), req.url === '/smuggled' ? 100 : 0);
    });
  });
  upstream.keepAliveTimeout = 10_000;
  let proxy: DispatcherProxy;
  let base: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  });
  beforeEach(async () => {
    seen.length = 0;
    proxy = new DispatcherProxy({ variantUrls: { a: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` }, quotas: { a: 1 } });
    base = await proxy.listen();
  });
  afterEach(() => proxy.close());
  afterAll(async () => {
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
  });

  const header = (s: Seen, name: string) => s.rawHeaders.filter((_, i) => i % 2 === 1 && s.rawHeaders[i - 1].toLowerCase() === name);

  it('forwards a chunked GET body chunked: the upstream sees one request, and the next client gets its own answer', async () => {
    const inner = 'GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n';
    const client = await rawExchange(
      base,
      `GET /first HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${inner.length.toString(16)}\r\n${inner}\r\n0\r\n\r\n`,
    );
    await waitFor(() => client.answer().includes('answer for /first'));
    const victim = await request(base + '/victim');
    await new Promise((resolve) => setTimeout(resolve, 200)); // time for a smuggled answer to arrive
    client.socket.destroy();
    expect(victim.text).toBe('answer for /victim');
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /first', 'GET /victim']);
    expect(seen[0].body).toBe(inner);
    expect(header(seen[0], 'transfer-encoding')).toEqual(['chunked']);
  });

  it('keeps Content-Length when the Connection header names it, so a GET body stays framed', async () => {
    const client = await rawExchange(
      base,
      'GET /first HTTP/1.1\r\nHost: x\r\nConnection: content-length\r\nContent-Length: 24\r\n\r\nGET /second HTTP/1.1\r\n\r\n',
    );
    await waitFor(() => client.answer().includes('answer for /first'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    client.socket.destroy();
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /first']);
    expect(seen[0].body).toBe('GET /second HTTP/1.1\r\n\r\n');
    expect(header(seen[0], 'content-length')).toEqual(['24']);
  });

  it("keeps an answer's Content-Length when its Connection header names it", async () => {
    const raw = net.createServer((c) => c.once('data', () => c.end('HTTP/1.1 200 OK\r\nConnection: content-length\r\nContent-Length: 2\r\n\r\nok')));
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    try {
      proxy.applyQuotas({ raw: 1 }, { raw: `http://127.0.0.1:${(raw.address() as AddressInfo).port}` });
      const res = await request(base + '/predict');
      expect(res.text).toBe('ok');
      expect(res.headers['content-length']).toBe('2');
      expect(res.headers['transfer-encoding']).toBeUndefined();
    } finally {
      await new Promise((resolve) => raw.close(resolve));
    }
  });

  it.each([
    ['a coding besides chunked', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'],
    ['two Transfer-Encoding headers', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'],
    ['an empty Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \r\n\r\n'],
    ['Transfer-Encoding in HTTP/1.0', 'POST / HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'],
    // node's parser refuses this one itself before the proxy sees it: the row keeps it refused if that changed.
    [
      'Transfer-Encoding with Content-Length',
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n',
      false,
    ],
  ])('refuses %s with 400 and closes the connection; nothing reaches the upstream', async (_name, bytes, byTheProxy = true) => {
    const client = await rawExchange(base, bytes);
    const closed = await within(2000, client.closed).then(
      () => true,
      () => false,
    );
    client.socket.destroy();
    expect(client.answer()).toMatch(/^HTTP\/1\.1 400 /);
    if (byTheProxy) expect(client.answer()).toContain('"error":"bad-framing"');
    expect(client.answer().toLowerCase()).toContain('connection: close');
    expect(closed).toBe(true);
    expect(seen).toHaveLength(0);
  });
});

describe('DispatcherProxy: an upstream status line outside 100–599', () => {
  it.each(['099', '000', '600', '999'])('answers status %s with 502 (the status in the log line only) and keeps serving', async (status) => {
    // A raw server: node's own server would never write such a status line.
    const upstream = net.createServer((c) => c.once('data', () => c.end(`HTTP/1.1 ${status} X\r\nContent-Length: 2\r\n\r\n{}`)));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const good = new UpstreamServer({ name: 'good' });
    const log = errorLog();
    const oddUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const proxy = new DispatcherProxy({ variantUrls: { odd: oddUrl, good: await good.listen() }, quotas: { odd: 1 }, onError: log.onError });
    const base = await proxy.listen();
    try {
      const res = await request(base + '/predict', { body: 'x' });
      expect(res.status).toBe(502);
      const id = res.headers['x-request-id'] as string;
      expect(res.json()).toEqual({ error: 'upstream-error', variant: 'odd', message: 'the model server failed', requestId: id });
      expect(log.of(id)).toEqual([expect.objectContaining({ message: `variant odd at ${oddUrl}/: answered with status ${Number(status)}, outside 100–599` })]);
      proxy.applyQuotas({ good: 1 });
      expect((await request(base + '/predict', { body: 'x' })).status).toBe(200);
      const text = (await request(base + '/metrics')).text;
      expect(metricValue(text, 'infscale_dispatcher_upstream_errors_total{variant="odd"}')).toBe(1);
      expect(metricValue(text, 'infscale_dispatcher_requests_total{variant="odd",code="502"}')).toBe(1);
    } finally {
      await proxy.close();
      await good.close();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });
});
