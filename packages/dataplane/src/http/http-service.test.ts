import type * as http from 'node:http';
import { errorLog } from '../test-support/error-log';
import { request } from '../test-support/http-client';
import { HttpService, type HttpServiceOptions } from './http-service';
import { requestIdFrom } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** What an exception inside the proxy could say: an address, a path, a token. */
const SECRET = 'connect to http://10.0.3.7:8080/v1 failed reading /etc/infscale/token=s3cr3t';

/** A service whose traffic handler throws SECRET, and an admin endpoint that throws it too. */
class Throwing extends HttpService {
  constructor(options: HttpServiceOptions) {
    super(options);
    this.adminRoute('GET', '/admin/boom', () => {
      throw new Error(SECRET);
    });
  }

  protected handle(_req: http.IncomingMessage, _res: http.ServerResponse): void {
    throw new Error(SECRET);
  }
}

describe('requestIdFrom', () => {
  it.each([
    ['a plain id', ['X-Request-Id', 'abc-123_x.Y'], 'abc-123_x.Y'],
    ['any case of the name', ['x-REQUEST-id', 'abc'], 'abc'],
    ['64 characters', ['X-Request-Id', 'a'.repeat(64)], 'a'.repeat(64)],
  ])('takes the client id when it is short and safe: %s', (_name, raw, id) => {
    expect(requestIdFrom(['Host', 'x', ...raw])).toBe(id);
  });

  it.each([
    ['none', []],
    ['an empty one', ['X-Request-Id', '']],
    ['65 characters', ['X-Request-Id', 'a'.repeat(65)]],
    ['a space', ['X-Request-Id', 'a b']],
    ['a quote and markup', ['X-Request-Id', '"><script>']],
    ['a newline-looking escape', ['X-Request-Id', 'a\\nb']],
    ['a non-ASCII letter', ['X-Request-Id', 'ä']],
    ['two of them', ['X-Request-Id', 'a', 'X-Request-Id', 'b']],
  ])('makes a new UUID otherwise: %s', (_name, raw) => {
    const id = requestIdFrom(['Host', 'x', ...raw]);
    expect(id).toMatch(UUID);
    expect(requestIdFrom(['Host', 'x', ...raw])).not.toBe(id);
  });
});

describe('HttpService: what a traffic client is told of a failure on the proxy side, and what the log keeps', () => {
  let service: Throwing;
  let base: string;
  let admin: string;
  const log = errorLog();
  beforeEach(async () => {
    log.lines.length = 0;
    service = new Throwing({ onError: log.onError });
    base = await service.listen();
    admin = await service.listenAdmin();
  });
  afterEach(() => service.close());

  it('an exception is answered 500 internal-error with no exception text, and the request id; the log line has both', async () => {
    const res = await request(base + '/predict', { body: 'x' });
    expect(res.status).toBe(500);
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(UUID);
    expect(res.json()).toEqual({ error: 'internal-error', message: 'internal error', requestId: id });
    expect(res.text).not.toMatch(/10\.0\.3\.7|s3cr3t|token/);
    expect(log.of(id)).toEqual([{ event: 'proxy-error', context: 'POST /predict', requestId: id, status: 500, error: 'internal-error', message: SECRET }]);
  });

  it('answers with the client X-Request-Id when it is safe, and a fresh one when it is not', async () => {
    const own = await request(base + '/', { body: 'x', headers: { 'x-request-id': 'client-7' } });
    expect(own.headers['x-request-id']).toBe('client-7');
    expect(own.json()).toMatchObject({ requestId: 'client-7' });
    expect(log.of('client-7')).toHaveLength(1);
    const unsafe = 'x'.repeat(65);
    const replaced = await request(base + '/', { body: 'x', headers: { 'x-request-id': unsafe } });
    const id = replaced.headers['x-request-id'] as string;
    expect(id).toMatch(UUID);
    expect(replaced.json()).toMatchObject({ requestId: id });
    expect(replaced.text).not.toContain(unsafe);
    expect(log.of(id)).toHaveLength(1);
  });

  it('a /metrics that fails is answered 500 metrics-failed without the exception; the log line has it', async () => {
    jest.spyOn(service.registry, 'metrics').mockRejectedValueOnce(new Error(SECRET));
    const res = await request(base + '/metrics');
    expect(res.status).toBe(500);
    const id = res.headers['x-request-id'] as string;
    expect(res.json()).toEqual({ error: 'metrics-failed', message: 'the metrics could not be collected', requestId: id });
    expect(log.of(id)).toEqual([expect.objectContaining({ context: 'GET /metrics', status: 500, error: 'metrics-failed', message: SECRET })]);
  });

  it('client errors keep saying what was wrong with the request, with the id', async () => {
    const res = await request(base + '/admin/x');
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ error: 'not-found', message: expect.stringMatching(/admin port/), requestId: res.headers['x-request-id'] });
    expect(log.lines).toHaveLength(0);
  });

  it('the admin port (its caller holds the token) is still told the exception, and no request id', async () => {
    const res = await request(admin + '/admin/boom');
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ error: 'internal-error', message: SECRET });
    expect(res.headers['x-request-id']).toBeUndefined();
    expect(log.lines).toEqual([expect.objectContaining({ context: 'admin GET /admin/boom', status: 500, message: SECRET })]);
  });
});

describe('HttpService: the default log line', () => {
  it('is one JSON line on stderr with the context, the request id, the status, the error code and the detail', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
    const service = new Throwing({});
    try {
      const res = await request((await service.listen()) + '/', { body: 'x', headers: { 'x-request-id': 'r-1' } });
      expect(res.status).toBe(500);
    } finally {
      spy.mockRestore();
      await service.close();
    }
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/\n$/);
    expect(JSON.parse(written[0] as string)).toEqual({
      event: 'proxy-error',
      context: 'POST /',
      requestId: 'r-1',
      status: 500,
      error: 'internal-error',
      message: SECRET,
    });
  });
});

describe('HttpService: /metrics off the traffic port', () => {
  it('answers 404 there when a listener of its own serves the registry, and still counts; on by default', async () => {
    const apart = new Throwing({ metricsOnTrafficPort: false });
    const usual = new Throwing({});
    try {
      const hidden = await request((await apart.listen()) + '/metrics');
      expect(hidden.status).toBe(404);
      expect(hidden.json()).toMatchObject({ error: 'not-found', message: 'GET /metrics is served on the metrics port' });
      expect(hidden.text).not.toContain('infscale_proxy');
      expect(await apart.registry.metrics()).toContain('infscale_proxy');
      expect(apart.healthCheck()).toEqual({ ok: true });
      const shown = await request((await usual.listen()) + '/metrics');
      expect(shown.status).toBe(200);
      expect(shown.text).toContain('infscale_proxy');
    } finally {
      await apart.close();
      await usual.close();
    }
  });
});
