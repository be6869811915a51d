import { UpstreamServer } from '../test-support/upstream-server';
import { metricValue, request, waitFor } from '../test-support/http-client';
import { DispatcherProxy } from './dispatcher-proxy';

describe('DispatcherProxy over real sockets', () => {
  const upstreams = { small: new UpstreamServer({ name: 'small' }), big: new UpstreamServer({ name: 'big' }) };
  let urls: Record<string, string>;
  let proxy: DispatcherProxy;
  let base: string;

  beforeAll(async () => {
    urls = { small: await upstreams.small.listen(), big: await upstreams.big.listen() };
  });
  beforeEach(async () => {
    upstreams.small.received.length = 0;
    upstreams.big.received.length = 0;
    proxy = new DispatcherProxy({ variantUrls: urls, quotas: { small: 3, big: 1 } });
    base = await proxy.listen();
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
    const ok = await request(base + '/admin/quotas', { body: { weights: { small: 0, big: 2 } } });
    expect(ok.status).toBe(200);
    expect(ok.json()).toEqual({ weights: { big: 2 }, frameSize: 2 });
    expect([await who(), await who(), await who()]).toEqual(['big', 'big', 'big']);

    const unknown = await request(base + '/admin/quotas', { body: { weights: { huge: 1 } } });
    expect(unknown.status).toBe(400);
    expect(unknown.json()).toMatchObject({ message: expect.stringMatching(/no URL for variant\(s\) huge/) });
    const negative = await request(base + '/admin/quotas', { body: { weights: { big: -1 } } });
    expect(negative.status).toBe(400);
    expect((await request(base + '/admin/quotas')).json()).toEqual({ weights: { big: 2 }, frameSize: 2 });
  });

  it('takes a new variant URL with its quota (make-before-break adds deployments)', async () => {
    const fresh = new UpstreamServer({ name: 'fresh' });
    try {
      const freshUrl = await fresh.listen();
      const res = await request(base + '/admin/quotas', { body: { weights: { fresh: 1 }, urls: { fresh: freshUrl } } });
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
      await request(base + '/admin/quotas', { body: { weights: { big: 1 } } });
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
    expect(res.json()).toEqual({ error: 'no-variant-available', message: expect.stringMatching(/POST \/admin\/quotas/) });
    expect(upstreams.small.received).toHaveLength(0);
  });

  it('answers 502 naming the variant when its service is down, and frees its slot', async () => {
    const gone = new UpstreamServer({ name: 'gone' });
    const goneUrl = await gone.listen();
    await gone.close();
    proxy.applyQuotas({ gone: 1 }, { gone: goneUrl });
    const res = await request(base + '/predict', { body: 'x' });
    expect(res.status).toBe(502);
    expect(res.json()).toMatchObject({ error: 'upstream-error', variant: 'gone' });
    expect(proxy.dispatcher.totalInFlight()).toBe(0);
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
