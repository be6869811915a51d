import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorLog } from '../test-support/error-log';
import { UpstreamServer } from '../test-support/upstream-server';
import { metricValue, request, waitFor } from '../test-support/http-client';
import { DispatcherProxy } from './dispatcher-proxy';

describe('DispatcherProxy over real sockets', () => {
  const upstreams = { small: new UpstreamServer({ name: 'small' }), big: new UpstreamServer({ name: 'big' }) };
  let urls: Record<string, string>;
  let proxy: DispatcherProxy;
  let base: string;
  let admin: string;
  const log = errorLog();

  beforeAll(async () => {
    urls = { small: await upstreams.small.listen(), big: await upstreams.big.listen() };
  });
  beforeEach(async () => {
    upstreams.small.received.length = 0;
    upstreams.big.received.length = 0;
    log.lines.length = 0;
    proxy = new DispatcherProxy({ variantUrls: urls, quotas: { small: 3, big: 1 }, onError: log.onError });
    base = await proxy.listen();
    admin = await proxy.listenAdmin();
  });
  afterEach(() => proxy.close());
  afterAll(() => Promise.all([upstreams.small.close(), upstreams.big.close()]));

  const who = async (path = '/predict') => ((await request(base + path, { body: 'x' })).json() as { upstream: string }).upstream;

  it('sends each frame of 4 as small small big small, with path and body intact', async () => {
    const order: string[] = [];
    for (let i = 0; i < 8; i++) order.push(await who(`/v1/models/m:predict?i=${i}`));
    expect(order).toEqual(['small', 'small', 'big', 'small', 'small', 'small', 'big', 'small']);
    expect(upstreams.big.received[0]).toMatchObject({ method: 'POST', url: '/v1/models/m:predict?i=2', body: 'x' });
  });

  it('applies new quotas from the admin endpoint and refuses bad ones', async () => {
    const ok = await request(admin + '/admin/quotas', { body: { weights: { small: 0, big: 2 } } });
    expect(ok.status).toBe(200);
    expect(ok.json()).toEqual({ weights: { big: 2 }, frameSize: 2 });
    expect([await who(), await who(), await who()]).toEqual(['big', 'big', 'big']);

    const unknown = await request(admin + '/admin/quotas', { body: { weights: { huge: 1 } } });
    expect(unknown.status).toBe(400);
    expect(unknown.json()).toMatchObject({ field: 'weights.huge', message: expect.stringMatching(/no URL for variant\(s\) huge/) });
    const negative = await request(admin + '/admin/quotas', { body: { weights: { big: -1 } } });
    expect(negative.status).toBe(400);
    expect((await request(admin + '/admin/quotas')).json()).toEqual({ weights: { big: 2 }, frameSize: 2 });
  });

  it('takes a new variant URL with its quota (make-before-break adds deployments)', async () => {
    const fresh = new UpstreamServer({ name: 'fresh' });
    try {
      const freshUrl = await fresh.listen();
      const res = await request(admin + '/admin/quotas', { body: { weights: { fresh: 1 }, urls: { fresh: freshUrl } } });
      expect(res.status).toBe(200);
      expect(await who()).toBe('fresh');
    } finally {
      await fresh.close();
    }
  });

  it('loses no request when quotas change while requests are in flight', async () => {
    upstreams.small.delayMs = 30;
    upstreams.big.delayMs = 30;
    try {
      const first = Array.from({ length: 20 }, () => request(base + '/p', { body: 'x' }));
      // all 20 are held by the upstreams before the quotas change
      await waitFor(() => upstreams.small.received.length + upstreams.big.received.length === 20);
      await request(admin + '/admin/quotas', { body: { weights: { big: 1 } } });
      const second = Array.from({ length: 20 }, () => request(base + '/p', { body: 'x' }));
      const answers = await Promise.all([...first, ...second]);
      expect(answers.map((a) => a.status)).toEqual(Array(40).fill(200));
      const served = answers.map((a) => (a.json() as { upstream: string }).upstream);
      expect(served.slice(0, 20).filter((u) => u === 'big')).toHaveLength(5);
      expect(served.slice(20)).toEqual(Array(20).fill('big'));
      expect(proxy.dispatcher.totalInFlight()).toBe(0);
    } finally {
      upstreams.small.delayMs = 0;
      upstreams.big.delayMs = 0;
    }
  });

  it('answers 503 with a clear body at once when no variant has a quota', async () => {
    proxy.applyQuotas({ small: 0, big: 0 });
    const res = await request(base + '/predict', { body: 'x' });
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toEqual({
      error: 'no-variant-available',
      message: expect.stringMatching(/POST \/admin\/quotas/),
      requestId: res.headers['x-request-id'],
    });
    expect(upstreams.small.received).toHaveLength(0);
  });

  it('answers 502 naming the variant, not its URL, when its service is down; the log line has the URL under the same id', async () => {
    const gone = new UpstreamServer({ name: 'gone' });
    const goneUrl = await gone.listen();
    await gone.close();
    const port = new URL(goneUrl).port;
    proxy.applyQuotas({ gone: 1 }, { gone: goneUrl });
    const res = await request(base + '/predict', { body: 'x' });
    expect(res.status).toBe(502);
    const id = res.headers['x-request-id'] as string;
    expect(res.json()).toEqual({ error: 'upstream-error', variant: 'gone', message: 'the model server failed', requestId: id });
    expect(res.text).not.toContain(port);
    expect(res.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    expect(log.of(id)).toEqual([
      expect.objectContaining({
        context: 'dispatcher upstream',
        status: 502,
        error: 'upstream-error',
        message: expect.stringContaining(`variant gone at ${goneUrl}/`),
      }),
    ]);
    expect(log.of(id)[0]?.message).toMatch(/ECONNREFUSED/);
    expect(proxy.dispatcher.totalInFlight()).toBe(0);
  });

  it('sends the request id upstream: the client X-Request-Id when safe, else its own, one header either way', async () => {
    const sentIds = async (headers: http.OutgoingHttpHeaders) => {
      upstreams.small.received.length = 0;
      proxy.applyQuotas({ small: 1 });
      await request(base + '/predict', { body: 'x', headers });
      return upstreams.small.received[0]?.headers['x-request-id'];
    };
    expect(await sentIds({ 'X-Request-Id': 'trace-42' })).toBe('trace-42');
    expect(await sentIds({})).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await sentIds({ 'X-Request-Id': 'has space; and=more' });
    expect(unsafe).toMatch(/^[0-9a-f-]{36}$/);
    expect(await sentIds({ 'X-Request-Id': ['a', 'b'] })).toMatch(/^[0-9a-f-]{36}$/); // node would join two as "a, b"
  });

  it('answers the id the upstream was sent when the upstream then fails', async () => {
    const flaky = new UpstreamServer({ name: 'flaky' });
    flaky.holding = true;
    proxy.applyQuotas({ flaky: 1 }, { flaky: await flaky.listen() });
    const pending = request(base + '/predict', { body: 'x' });
    await waitFor(() => flaky.held === 1);
    const sent = flaky.received[0]?.headers['x-request-id'] as string;
    await flaky.close(); // the held request's connection breaks off
    const res = await pending;
    expect(res.status).toBe(502);
    expect(res.headers['x-request-id']).toBe(sent);
    expect(log.of(sent)).toEqual([expect.objectContaining({ message: expect.stringMatching(/^variant flaky at http:\/\/127\.0\.0\.1:\d+\/: ./) })]);
  });

  it('answers an exception inside the proxy 500 internal-error without its text; the log line has it', async () => {
    jest.spyOn(proxy.dispatcher, 'next').mockImplementationOnce(() => {
      throw new Error('quota table at http://10.0.3.7:8080 is corrupt');
    });
    const res = await request(base + '/predict', { body: 'x', headers: { 'x-request-id': 'boom-1' } });
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ error: 'internal-error', message: 'internal error', requestId: 'boom-1' });
    expect(log.of('boom-1')).toEqual([expect.objectContaining({ status: 500, message: 'quota table at http://10.0.3.7:8080 is corrupt' })]);
    expect(await who()).toBe('small'); // and it keeps serving
  });

  it('forwards end-to-end headers both ways (repeats kept), drops hop-by-hop ones and names the upstream as Host', async () => {
    const seen: string[][] = [];
    const echo = http.createServer((req, res) => {
      seen.push(req.rawHeaders);
      req.resume();
      res.writeHead(201, ['X-Answer', 'yes', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'Keep-Alive', 'timeout=1', 'Content-Length', '2']);
      res.end('ok');
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const echoHost = `127.0.0.1:${(echo.address() as AddressInfo).port}`;
    try {
      proxy.applyQuotas({ echo: 1 }, { echo: `http://${echoHost}` });
      const res = await request(base + '/predict', {
        body: 'x',
        headers: { 'X-Trace': ['t1', 't2'], 'Proxy-Connection': 'keep-alive', Upgrade: 'h2c', TE: 'trailers', Host: 'proxy.example' },
      });
      expect(res.status).toBe(201);
      expect(res.text).toBe('ok');
      expect(res.headers['x-answer']).toBe('yes');
      expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
      expect(res.headers['keep-alive']).not.toBe('timeout=1');
      const sent = seen[0];
      const names = sent.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
      const values = (name: string) => sent.filter((_, i) => i % 2 === 1 && sent[i - 1].toLowerCase() === name);
      expect(values('x-trace')).toEqual(['t1', 't2']);
      expect(values('host')).toEqual([echoHost]);
      expect(names).not.toEqual(expect.arrayContaining(['proxy-connection']));
      expect(names).not.toEqual(expect.arrayContaining(['upgrade']));
      expect(names).not.toEqual(expect.arrayContaining(['te']));
      expect(values('content-length')).toEqual(['1']);
    } finally {
      await new Promise((resolve) => echo.close(resolve));
    }
  });

  it('prefixes the path of a variant URL that has one', async () => {
    proxy.applyQuotas({ small: 1 }, { small: `${urls.small}/base/` });
    await who('/v1/models/m:predict');
    expect(upstreams.small.received[0].url).toBe('/base/v1/models/m:predict');
    proxy.applyQuotas({ small: 1 }, { small: urls.small });
  });

  it('streams bodies larger than the socket buffers both ways, intact', async () => {
    const body = 'abcdefghij'.repeat(400_000); // 4 MB up, a little more down
    const res = await request(base + '/big', { body });
    expect(res.status).toBe(200);
    expect((res.json() as { body: string }).body).toBe(body);
    expect(proxy.dispatcher.totalInFlight()).toBe(0);
  });

  it('frees the slot and counts the request aborted when the client goes away mid-request; no upstream error is counted or logged', async () => {
    upstreams.small.holding = true;
    try {
      proxy.applyQuotas({ small: 1 });
      const client = http.request(base + '/predict', { method: 'POST', agent: false });
      client.on('error', () => undefined);
      client.end('x');
      await waitFor(() => upstreams.small.held === 1);
      expect(proxy.dispatcher.totalInFlight()).toBe(1);
      client.destroy();
      await waitFor(() => proxy.dispatcher.totalInFlight() === 0);
      await new Promise((resolve) => setTimeout(resolve, 50)); // the upstream call, destroyed, reports its error after the close
      const text = (await request(base + '/metrics')).text;
      expect(metricValue(text, 'infscale_dispatcher_requests_total{variant="small",code="aborted"}')).toBe(1);
      expect(metricValue(text, 'infscale_dispatcher_upstream_errors_total{variant="small"}')).toBeUndefined();
      expect(log.lines).toEqual([]);
    } finally {
      upstreams.small.holding = false;
      upstreams.small.release();
    }
  });

  it('refuses a bad variant URL and keeps the quotas it had', async () => {
    const res = await request(admin + '/admin/quotas', { body: { weights: { other: 1 }, urls: { other: 'not a url' } } });
    expect(res.status).toBe(400);
    expect((await request(admin + '/admin/quotas')).json()).toEqual({ weights: { small: 3, big: 1 }, frameSize: 4 });
  });

  it('exports per-variant counts, latency histograms and quotas on /metrics', async () => {
    for (let i = 0; i < 4; i++) await who();
    proxy.applyQuotas({});
    await request(base + '/predict', { body: 'x' });
    const text = (await request(base + '/metrics')).text;
    expect(metricValue(text, 'infscale_dispatcher_requests_total{variant="small",code="200"}')).toBe(3);
    expect(metricValue(text, 'infscale_dispatcher_requests_total{variant="big",code="200"}')).toBe(1);
    expect(metricValue(text, 'infscale_dispatcher_request_duration_seconds_count{variant="small"}')).toBe(3);
    expect(metricValue(text, 'infscale_dispatcher_request_duration_seconds_bucket{le="10",variant="big"}')).toBe(1);
    expect(metricValue(text, 'infscale_dispatcher_unavailable_total')).toBe(1);
    expect(metricValue(text, 'infscale_dispatcher_in_flight')).toBe(0);
  });
});
