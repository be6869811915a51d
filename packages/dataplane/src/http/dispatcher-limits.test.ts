import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { errorLog } from '../test-support/error-log';
import { UpstreamServer } from '../test-support/upstream-server';
import { metricValue, request, waitFor } from '../test-support/http-client';
import { largeUpload } from '../test-support/large-upload';
import { rawExchange } from '../test-support/raw-exchange';
import { DispatcherProxy } from './dispatcher-proxy';

describe('DispatcherProxy: admin plane, validation and limits', () => {
  const TOKEN = 'a-long-random-admin-token';
  const auth = { authorization: `Bearer ${TOKEN}` };
  const upstream = new UpstreamServer({ name: 'm' });
  let upstreamUrl: string;
  let proxy: DispatcherProxy;
  let base: string;
  let admin: string;
  const log = errorLog();

  beforeAll(async () => {
    upstreamUrl = await upstream.listen();
  });
  beforeEach(async () => {
    upstream.received.length = 0;
    log.lines.length = 0;
    proxy = new DispatcherProxy({
      onError: log.onError,
      variantUrls: { a: upstreamUrl, b: upstreamUrl },
      quotas: { a: 1, b: 1 },
      adminToken: TOKEN,
      maxBodyBytes: 64 * 1024,
      upstreamTimeoutMs: 300,
    });
    base = await proxy.listen();
    admin = await proxy.listenAdmin();
  });
  afterEach(async () => {
    upstream.holding = false;
    upstream.release();
    await proxy.close();
  });
  afterAll(() => upstream.close());

  const quotas = async () => (await request(admin + '/admin/quotas', { headers: auth })).json();
  const serves = async () => expect((await request(base + '/predict', { body: 'x' })).status).toBe(200);

  it('answers 404 to /admin/* on the traffic port and changes nothing; the model server never sees it', async () => {
    for (const path of ['/admin/quotas', '/admin', '/admin/config', '/admin/quotas?x=1']) {
      const res = await request(base + path, { body: { weights: { a: 0, b: 0 } }, headers: auth });
      expect(res.status).toBe(404);
      expect(res.json()).toMatchObject({ error: 'not-found', message: expect.stringMatching(/admin port/) });
    }
    expect(upstream.received).toHaveLength(0);
    expect(await quotas()).toEqual({ weights: { a: 1, b: 1 }, frameSize: 2 });
  });

  it('needs the bearer token on the admin port: 401 without it or with a wrong one, 200 with it', async () => {
    const body = { weights: { a: 2 } };
    for (const headers of [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: TOKEN },
      { authorization: `Basic ${TOKEN}` },
      { authorization: `Bearer ${TOKEN}x` },
    ]) {
      const res = await request(admin + '/admin/quotas', { body, headers });
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
    // Unknown endpoints are not told apart without the token either.
    expect((await request(admin + '/admin/nothing')).status).toBe(401);
    expect(await quotas()).toEqual({ weights: { a: 1, b: 1 }, frameSize: 2 });
    const ok = await request(admin + '/admin/quotas', { body, headers: { authorization: `bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.json()).toEqual({ weights: { a: 2 }, frameSize: 2 });
    expect(metricValue((await request(base + '/metrics')).text, 'infscale_proxy_rejected_total{reason="admin-unauthorized"}')).toBe(6);
  });

  it('answers /livez on the admin port without the token (the kubelet has none)', async () => {
    expect((await request(admin + '/livez')).json()).toEqual({ ok: true });
  });

  it.each([
    ['https (crashed the process before)', { weights: { a: 1 }, urls: { a: 'https://x' } }, 'urls.a', /http:\/\/ URL .*https: is not supported/],
    ['not a URL', { weights: { c: 1 }, urls: { c: 'not a url' } }, 'urls.c', /http:\/\/ URL/],
    ['a URL with credentials', { weights: { c: 1 }, urls: { c: 'http://u:p@h' } }, 'urls.c', /credentials/],
    ['a URL that is a number', { weights: { c: 1 }, urls: { c: 5 } }, 'urls.c', /URL string/],
    ['every quota 0', { weights: { a: 0, b: 0 } }, 'weights', /at least one variant needs a quota > 0/],
    ['no weights', { urls: {} }, 'weights', /required/],
    ['an empty weights map', { weights: {} }, 'weights', /at least one/],
    ['a quota of 1e15', { weights: { a: 1e15 } }, 'weights.a', /whole number from 0 to 1000000/],
    ['a quota as a string', { weights: { a: '3' } }, 'weights.a', /whole number/],
    ['a quota as true', { weights: { a: true } }, 'weights.a', /whole number/],
    ['a fractional quota', { weights: { a: 1.5 } }, 'weights.a', /whole number/],
    ['an unknown variant', { weights: { zzz: 1 } }, 'weights.zzz', /no URL for variant/],
    ['a bad name', { weights: { 'a b': 1 } }, 'weights.a b', /a name must be/],
    ['an unknown field', { weights: { a: 1 }, weight: { a: 1 } }, 'weight', /unknown field; valid fields: weights, urls/],
    ['weights as a list', { weights: [1] }, 'weights', /JSON object/],
    ['a body that is not an object', [1, 2], 'body', /JSON object/],
  ])('refuses %s with 400 naming the field, changes nothing and keeps serving', async (_name, body, field, message) => {
    const res = await request(admin + '/admin/quotas', { body, headers: auth });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: 'bad-field', field, message: expect.stringMatching(message) });
    expect(await quotas()).toEqual({ weights: { a: 1, b: 1 }, frameSize: 2 });
    await serves();
    await serves();
  });

  it('refuses a number too large for a double (1111…, read as Infinity)', async () => {
    const res = await request(admin + '/admin/quotas', { body: `{"weights": {"a": ${'1'.repeat(400)}}}`, headers: auth });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ field: 'weights.a', message: expect.stringMatching(/whole number from 0 to 1000000, got Infinity/) });
    expect((await request(admin + '/admin/quotas', { body: '1'.repeat(400), headers: auth })).json()).toMatchObject({ field: 'body' });
    await serves();
  });

  it('refuses an admin body over 1 MiB with 413', async () => {
    const answer = await largeUpload(admin + '/admin/quotas', 2 * 1024 * 1024, { headers: auth });
    expect(answer.status).toBe(413);
    expect(answer.text).toMatch(/--max-admin-body-bytes/);
  });

  it('refuses a body over --max-body-bytes with 413, declared or chunked, and forwards nothing of a declared one', async () => {
    const declared = await largeUpload(base + '/predict', 1024 * 1024);
    expect(declared.status).toBe(413);
    expect(declared.text).toMatch(/over the limit of 65536 bytes \(--max-body-bytes\)/);
    const chunked = await largeUpload(base + '/predict', 1024 * 1024, { declareLength: false });
    expect(chunked.status).toBe(413);
    expect(upstream.received).toHaveLength(0); // the chunked one was cut off at the limit, before its end
    expect(metricValue((await request(base + '/metrics')).text, 'infscale_proxy_rejected_total{reason="body-too-large"}')).toBe(2);
    expect(proxy.dispatcher.totalInFlight()).toBe(0);
    const atLimit = await request(base + '/predict', { body: 'x'.repeat(64 * 1024) });
    expect(atLimit.status).toBe(200);
  });

  it('answers 504 when the variant accepts and never answers, counts it, and reports the upstream wedged after 3 in a row', async () => {
    upstream.holding = true;
    for (let i = 1; i <= 3; i++) {
      const t0 = Date.now();
      const res = await request(base + '/predict', { body: 'x' });
      expect(res.status).toBe(504);
      const id = res.headers['x-request-id'] as string;
      const { variant } = res.json() as { variant: string };
      expect(res.json()).toEqual({ error: 'upstream-timeout', variant, message: 'the model server did not answer in time', requestId: id });
      expect(log.of(id)).toEqual([
        expect.objectContaining({
          status: 504,
          error: 'upstream-timeout',
          message: `variant ${variant} at ${upstreamUrl}/: did not answer within 300 ms (--upstream-timeout-ms)`,
        }),
      ]);
      expect(Date.now() - t0).toBeLessThan(2000);
      expect((await request(base + '/healthz')).status).toBe(i < 3 ? 200 : 503);
    }
    expect((await request(base + '/healthz')).json()).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/upstream wedged: the last 3 upstream calls timed out/),
    });
    const text = (await request(base + '/metrics')).text;
    expect(metricValue(text, 'infscale_proxy_upstream_timeouts_total')).toBe(3);
    expect(metricValue(text, 'infscale_proxy_upstream_wedged')).toBe(1);
    expect(proxy.dispatcher.totalInFlight()).toBe(0);
    upstream.holding = false;
    await serves();
    expect((await request(base + '/healthz')).json()).toEqual({ ok: true });
  });

  it('does not blame the upstream for clients that send their body slowly: the timer starts once the body is in', async () => {
    // Three clients send 1 byte of 10 and stall for longer than the upstream timeout (300 ms).
    const clients = await Promise.all([1, 2, 3].map(() => rawExchange(base, 'POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{')));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await request(base + '/healthz')).json()).toEqual({ ok: true });
    const text = (await request(base + '/metrics')).text;
    expect(metricValue(text, 'infscale_proxy_upstream_timeouts_total')).toBe(0);
    expect(metricValue(text, 'infscale_proxy_upstream_wedged')).toBe(0);
    // The first client finishes its body: the upstream answers it, well within the timeout from then.
    clients[0].socket.write('"a":"b"}\n');
    await waitFor(() => clients[0].answer().includes('"upstream":"m"'));
    expect(clients[0].answer()).toMatch(/^HTTP\/1\.1 200 /);
    clients.forEach((c) => c.socket.destroy());
  });

  it('still answers 504 when the variant takes in no more of the body and answers nothing', async () => {
    // Accepts the connection and never reads: the body backs up, and what the proxy waits on is the upstream.
    const held: net.Socket[] = [];
    const deaf = net.createServer((c) => held.push(c.pause()));
    await new Promise<void>((resolve) => deaf.listen(0, '127.0.0.1', resolve));
    const large = new DispatcherProxy({
      variantUrls: { deaf: `http://127.0.0.1:${(deaf.address() as AddressInfo).port}` },
      quotas: { deaf: 1 },
      upstreamTimeoutMs: 300,
      onError: log.onError,
    });
    try {
      const answer = await largeUpload(await large.listen(), 12 * 1024 * 1024);
      expect(answer.status).toBe(504);
      expect(answer.writtenBytes).toBeLessThan(12 * 1024 * 1024); // cut off while the body was still backed up
      expect(log.lines).toEqual([expect.objectContaining({ status: 504, message: expect.stringMatching(/^variant deaf at .* did not answer within 300 ms/) })]);
    } finally {
      await large.close();
      held.forEach((c) => c.destroy());
      await new Promise((resolve) => deaf.close(resolve));
    }
  });

  it('drops hop-by-hop headers both ways, those named in Connection too, and appends X-Forwarded-For', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const echo = http.createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      res.writeHead(200, ['Connection', 'X-Hop-Answer', 'X-Hop-Answer', '1', 'X-End', '2', 'Proxy-Thing', '3', 'Content-Length', '2']);
      res.end('ok');
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    try {
      proxy.applyQuotas({ echo: 1 }, { echo: `http://127.0.0.1:${(echo.address() as AddressInfo).port}` });
      const res = await request(base + '/predict', {
        body: 'x',
        headers: { Connection: 'X-Secret, keep-alive', 'X-Secret': 's', 'Proxy-Authorization': 'Basic eA==', 'X-Forwarded-For': '10.0.0.1', 'X-Keep': 'k' },
      });
      expect(res.status).toBe(200);
      expect(res.headers['x-end']).toBe('2');
      expect(res.headers['x-hop-answer']).toBeUndefined();
      expect(res.headers['proxy-thing']).toBeUndefined();
      const sent = seen[0] as http.IncomingHttpHeaders;
      expect(sent['x-keep']).toBe('k');
      expect(sent['x-secret']).toBeUndefined();
      expect(sent['proxy-authorization']).toBeUndefined();
      expect(sent['x-forwarded-for']).toBe('10.0.0.1, 127.0.0.1');
    } finally {
      await new Promise((resolve) => echo.close(resolve));
    }
  });

  it('refuses an https variant URL at construction, naming the variant', () => {
    expect(() => new DispatcherProxy({ variantUrls: { a: 'https://x' } })).toThrow(/variantUrls\.a: must be an http:\/\/ URL/);
  });
});

describe('DispatcherProxy.shutdown: every held request gets an answer', () => {
  it('serves what finishes within the drain time (Connection: close), answers the rest 503, then stops listening', async () => {
    const upstream = new UpstreamServer({ name: 'm' });
    const proxy = new DispatcherProxy({ variantUrls: { a: await upstream.listen() }, quotas: { a: 1 } });
    const base = await proxy.listen();
    try {
      upstream.delayMs = 50;
      const quick = request(base + '/quick', { body: 'x' });
      await waitFor(() => upstream.received.length === 1);
      upstream.holding = true;
      const stuck = request(base + '/stuck', { body: 'x' });
      await waitFor(() => upstream.held === 1);
      await proxy.shutdown(300);
      const [q, s] = await Promise.all([quick, stuck]);
      expect(q.status).toBe(200);
      expect(q.headers.connection).toBe('close');
      expect(s.status).toBe(503);
      expect(s.json()).toMatchObject({ error: 'shutting-down' });
      await expect(request(base + '/healthz')).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      upstream.release();
      await proxy.close();
      await upstream.close();
    }
  });
});
