import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, UpstreamServer, waitFor } from '@infscale/dataplane/testing';
import { run } from '../program';
import { capture } from '../test-support/capture-io';
import { LOOPBACK } from '../test-support/loopback-flags';
import { installSafetyNet } from './proxy';
import { dispatcherFromFlags, type ProxyKind, type RunningProxy, startProxy } from './proxy-services';

async function startUpstream(name: string): Promise<{ server: UpstreamServer; url: string }> {
  const server = new UpstreamServer({ name });
  return { server, url: await server.listen(0, '127.0.0.1') };
}

async function proxy(...argv: string[]) {
  const io = capture();
  const code = await run(['node', 'infscale', 'proxy', ...argv], io);
  return { code, io };
}

describe('startProxy: each kind on loopback in front of test upstreams', () => {
  const upstreams: UpstreamServer[] = [];
  const proxies: RunningProxy[] = [];
  async function upstream(name: string) {
    const u = await startUpstream(name);
    upstreams.push(u.server);
    return u;
  }
  async function start(kind: ProxyKind, flags: Record<string, unknown>) {
    const p = await startProxy(kind, { ...LOOPBACK, ...flags } as never);
    proxies.push(p);
    return p;
  }
  afterEach(async () => {
    await Promise.all(proxies.splice(0).map((p) => p.close()));
    await Promise.all(upstreams.splice(0).map((u) => u.close()));
  });

  it('dispatcher: forwards path and body to its variant; --quota 0 keeps a variant out', async () => {
    const a = await upstream('a');
    const b = await upstream('b');
    const p = await start('dispatcher', { variant: [`a=${a.url}`, `b=${b.url}`], quota: ['a=0'] });
    expect(p.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (let i = 0; i < 3; i++) {
      const res = await request(`${p.url}/v1/models/m:predict`, { body: { i } });
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ upstream: 'b', url: '/v1/models/m:predict', body: JSON.stringify({ i }) });
    }
    expect(a.server.received).toHaveLength(0);
    expect((await request(`${p.adminUrl}/admin/quotas`)).json()).toMatchObject({ weights: { b: 1 } }); // a quota of 0 is no entry;
    expect((await request(`${p.url}/admin/quotas`)).status).toBe(404);
  });

  it('stage-queue: batches two requests into one predict call to its replica', async () => {
    const replica = await upstream('r');
    const p = await start('stage-queue', { stage: 'detect', replica: [replica.url], maxBatch: '2', maxWaitMs: '5000', maxInFlightPerUrl: '2' });
    const [x, y] = await Promise.all([request(p.url + '/', { body: { x: 1 } }), request(p.url + '/', { body: { y: 2 } })]);
    expect(replica.server.batchSizes).toEqual([2]);
    expect([x.status, y.status]).toEqual([200, 200]);
    expect(x.json()).toEqual({ upstream: 'r', input: { x: 1 } });
    expect(y.json()).toEqual({ upstream: 'r', input: { y: 2 } });
    const metrics = (await request(p.url + '/metrics')).text;
    expect(metrics).toMatch(/infscale_stage_max_batch_size\{stage="detect"\} 2/);
    expect(metrics).toMatch(/infscale_stage_max_in_flight_per_url\{stage="detect"\} 2/);
  });

  it('stage-queue --variant: a split the scaler sets sends each variant its share at that URL', async () => {
    const replica = await upstream('stage');
    const hi = await upstream('hi');
    const lo = await upstream('lo');
    const p = await start('stage-queue', { stage: 'detect', replica: [replica.url], variant: [`detect-hi=${hi.url}`, `detect-lo=${lo.url}`], maxBatch: '1' });
    const set = await request(`${p.adminUrl}/admin/stage`, { body: { shares: { 'detect-hi': 1, 'detect-lo': 1 } } });
    expect(set.json()).toMatchObject({
      shares: { 'detect-hi': 1, 'detect-lo': 1 },
      variants: { 'detect-hi': { replicaUrls: [hi.url] }, 'detect-lo': { replicaUrls: [lo.url] } },
    });
    const answers = await Promise.all([1, 2].map((n) => request(p.url + '/', { body: { n } })));
    expect(answers.map((a) => (a.json() as { upstream: string }).upstream).sort()).toEqual(['hi', 'lo']);
    expect(replica.server.received).toHaveLength(0);
  });

  it('router: passes a request through two stage queues in order', async () => {
    const r1 = await upstream('one');
    const r2 = await upstream('two');
    const q1 = await start('stage-queue', { stage: 's1', replica: [r1.url], maxBatch: '1' });
    const q2 = await start('stage-queue', { stage: 's2', replica: [r2.url], maxBatch: '1' });
    const router = await start('router', { pipeline: 'video', stage: [`s1=${q1.url}`, `s2=${q2.url}`], dropLimitMs: '5000' });
    const res = await request(router.url + '/', { body: { frame: 7 } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ upstream: 'two', input: { upstream: 'one', input: { frame: 7 } } });
    expect((await request(router.url + '/metrics')).text).toMatch(/infscale_router_requests_total\{pipeline="video",outcome="done"\} 1/);
  });

  it('edf: answers with its deadline header (sent-at + --slo-ms)', async () => {
    const server = await upstream('m');
    const p = await start('edf', { upstream: server.url, sloMs: '2000', batch: '1', late: 'drop', latencyModel: '0,0,0,1', cores: '2' });
    const sentAt = Date.now();
    const res = await request(p.url + '/', { body: { img: 1 }, headers: { 'content-type': 'application/json', 'x-infscale-sent-at-ms': String(sentAt) } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ upstream: 'm', input: { img: 1 } });
    expect(Number(res.headers['x-infscale-deadline-ms'])).toBe(sentAt + 2000);
    expect(res.headers['x-infscale-late']).toBeUndefined();
  });

  it('edf with --late drop answers 504 when the latency model says the deadline cannot be met', async () => {
    const server = await upstream('m');
    const p = await start('edf', { upstream: server.url, sloMs: '50', batch: '1', late: 'drop', latencyModel: '0,0,0,500', cores: '1' });
    const res = await request(p.url + '/', { body: { img: 1 } });
    expect(res.status).toBe(504);
    expect(res.json()).toMatchObject({ error: 'deadline-unmeetable' });
    expect(server.server.received).toHaveLength(0);
  });

  it.each([
    ['stage-queue', { stage: 'detect', maxBatch: '1' }],
    ['edf', { sloMs: '2000', batch: '1', late: 'drop', latencyModel: '0,0,0,1', cores: '1' }],
  ] as const)('%s --max-batch-answer-bytes: a longer answer to a batch is a 502 to its request', async (kind, flags) => {
    const server = await upstream('m');
    const p = await start(kind, { ...flags, replica: [server.url], upstream: server.url, maxBatchAnswerBytes: '10' });
    const res = await request(p.url + '/', { body: { x: 1 } });
    expect(server.server.received).toHaveLength(1); // {"predictions":[{"upstream":"m","input":{"x":1}}]}: over 10 bytes
    expect(res.status).toBe(502);
    expect(res.json()).toMatchObject({ error: 'model-server-error', message: "the model server's answer was too large" });
  });

  it('--metrics-port: /metrics (and /healthz) on a listener of its own, 404 on the traffic port; closed after the drain', async () => {
    const server = await upstream('m');
    const p = await start('dispatcher', { variant: [`m=${server.url}`], quota: [], metricsPort: '0' });
    expect(p.metricsUrl).not.toBe(p.url);
    expect((await request(p.url + '/x', { body: 'counted' })).status).toBe(200);
    const metrics = await request(p.metricsUrl + '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/infscale_dispatcher_requests_total\{variant="m",code="200"\} 1/);
    expect((await request(p.metricsUrl + '/healthz')).status).toBe(200);
    const onTraffic = await request(p.url + '/metrics');
    expect(onTraffic.status).toBe(404);
    expect(onTraffic.text).not.toContain('infscale_dispatcher');
    await p.close();
    await expect(request(p.metricsUrl + '/metrics')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('without --metrics-port, /metrics stays on the traffic port', async () => {
    const server = await upstream('m');
    const p = await start('dispatcher', { variant: [`m=${server.url}`], quota: [] });
    expect(p.metricsUrl).toBe(p.url);
    expect((await request(p.url + '/metrics')).status).toBe(200);
  });

  it('close() lets a request in flight finish, then refuses connections', async () => {
    const server = await upstream('slow');
    server.server.holding = true;
    const p = await start('dispatcher', { variant: [`m=${server.url}`], quota: [] });
    const pending = request(p.url + '/x', { body: 'in flight' });
    await waitFor(() => server.server.held === 1);
    const closed = p.close();
    let closedYet = false;
    void closed.then(() => (closedYet = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(closedYet).toBe(false);
    server.server.release();
    expect((await pending).json()).toMatchObject({ upstream: 'slow', body: 'in flight' });
    await closed;
    await expect(request(p.url + '/healthz')).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('dispatcher --quotas-file (the published quotas, resumed after a restart)', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'quotas-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const U = 'http://127.0.0.1:1';
  const quotasOf = (file: string, quota: string[] = []) =>
    dispatcherFromFlags({ ...LOOPBACK, variant: [`a=${U}`, `b=${U}`], quota, quotasFile: file }).dispatcher.quotas();

  it("overrides --quota with the file's weights, skipping names without --variant", () => {
    const file = join(dir, 'main');
    writeFileSync(file, JSON.stringify({ weights: { b: 3, gone: 2 } }));
    expect(quotasOf(file, ['a=2'])).toEqual({ a: 2, b: 3 });
  });

  it("keeps the flags' quotas while nothing is published (no file)", () => {
    expect(quotasOf(join(dir, 'absent'))).toEqual({ a: 1, b: 1 });
  });

  it.each([
    ['not json', /--quotas-file .*: not JSON/],
    [JSON.stringify({ weights: [1] }), /must hold \{"weights"/],
    [JSON.stringify({ weights: { a: 1.5 } }), /--quotas-file a must be a whole number/],
    [JSON.stringify({ weights: { a: '2' } }), /--quotas-file a must be a whole number/],
  ])('exits 2 on a bad file: %s', async (text, message) => {
    const file = join(dir, 'bad');
    writeFileSync(file, text);
    const r = await proxy('dispatcher', '--variant', `a=${U}`, '--quotas-file', file, '--port', '0', '--host', '127.0.0.1');
    expect(r.code).toBe(2);
    expect(r.io.stderr.join('\n')).toMatch(message);
  });
});

describe('infscale proxy as a process', () => {
  it('logs one JSON ready line, serves until SIGTERM, drains and exits 0', async () => {
    const { server, url } = await startUpstream('m');
    try {
      const io = capture();
      const done = run(['node', 'infscale', 'proxy', 'dispatcher', '--variant', `m=${url}`, '--port', '0', '--host', '127.0.0.1', '--admin-port', '0'], io);
      await waitFor(() => io.stdout.length > 0);
      const ready = JSON.parse(io.stdout[0] ?? '') as { event: string; proxy: string; url: string };
      expect(ready).toMatchObject({ event: 'ready', proxy: 'dispatcher' });
      expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await request(ready.url + '/healthz')).json()).toEqual({ ok: true });
      server.holding = true;
      const pending = request(ready.url + '/p', { body: 'last' });
      await waitFor(() => server.held === 1);
      process.emit('SIGTERM');
      await new Promise((r) => setTimeout(r, 20));
      server.release();
      expect((await pending).status).toBe(200);
      expect(await done).toBe(0);
      expect(JSON.parse(io.stdout[1] ?? '')).toEqual({ event: 'closed', proxy: 'dispatcher' });
      expect(process.listenerCount('SIGTERM')).toBe(0);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['dispatcher', /--variant[\s\S]*--quota[\s\S]*--quotas-file/],
    ['stage-queue', /--stage[\s\S]*--replica[\s\S]*--variant[\s\S]*--max-batch[\s\S]*--max-wait-ms[\s\S]*--max-in-flight-per-url/],
    ['router', /--pipeline[\s\S]*--stage[\s\S]*--drop-limit-ms/],
    ['edf', /--upstream[\s\S]*--slo-ms[\s\S]*--batch[\s\S]*--late[\s\S]*--latency-model[\s\S]*--cores/],
  ])('%s --help explains its flags, --port and --host', async (kind, flags) => {
    const r = await proxy(kind, '--help');
    expect(r.code).toBe(0);
    const help = r.io.stdout.join('\n');
    expect(help).toMatch(flags);
    expect(help).toMatch(/--port <n>[\s\S]*default:\s+"8080"/);
    expect(help).toMatch(/--host <addr>[\s\S]*default:\s+"0\.0\.0\.0"/);
    expect(help).toMatch(/--admin-port <n>[\s\S]*default:\s+"8081"[\s\S]*--admin-host <addr>[\s\S]*default:\s+"127\.0\.0\.1"[\s\S]*--admin-token-file <path>/);
    expect(help).toMatch(/--max-body-bytes <n>[\s\S]*--max-admin-body-bytes <n>[\s\S]*--upstream-timeout-ms <ms>/);
    if (kind === 'stage-queue' || kind === 'edf') expect(help).toMatch(/--max-queue <n>[\s\S]*--max-batch-answer-bytes <n>[\s\S]*default:\s+"33554432"/);
    else expect(help).not.toMatch(/--max-queue|--max-batch-answer-bytes/);
  });

  const U = 'http://127.0.0.1:1';
  it.each([
    [['dispatcher'], /--variant NAME=URL is required/],
    [['dispatcher', '--variant', 'a'], /--variant must be NAME=VALUE/],
    [['dispatcher', '--variant', 'a=ftp://x'], /--variant must be an http:\/\/ URL .*ftp: is not supported/],
    [['dispatcher', '--variant', 'a=https://x'], /--variant must be an http:\/\/ URL .*https: is not supported/],
    [['dispatcher', '--variant', 'a b=http://x'], /--variant a name must be/],
    [['dispatcher', '--variant', `a=${U}`, '--variant', `a=${U}`], /--variant a is given twice/],
    [['dispatcher', '--variant', `a=${U}`, '--quota', 'b=1'], /--quota b: no --variant b=URL/],
    [['dispatcher', '--variant', `a=${U}`, '--quota', 'a=1.5'], /--quota a must be a whole number/],
    [['dispatcher', '--variant', `a=${U}`, '--port', '70000'], /--port must be a whole number from 0 to 65535/],
    // Decimal only, as every number flag: hex is not read as 16.
    [['dispatcher', '--variant', `a=${U}`, '--port', '0x10'], /--port must be a whole number from 0 to 65535, got "0x10"/],
    [['edf', '--upstream', U, '--slo-ms', '0x10'], /--slo-ms must be a decimal number > 0, got "0x10"/],
    [['dispatcher', '--variant', `a=${U}`, '--host', ''], /--host must not be empty/],
    [['stage-queue', '--replica', U, '--max-batch', '1'], /--stage/],
    [['stage-queue', '--stage', 's', '--max-batch', '1'], /--replica URL is required/],
    [['stage-queue', '--stage', 's', '--replica', U, '--max-batch', '0'], /--max-batch must be a whole number from 1 to 1024/],
    [['stage-queue', '--stage', 's', '--replica', U], /--max-batch/],
    [['stage-queue', '--stage', 's', '--replica', U, '--max-batch', '1', '--max-wait-ms', '-1'], /--max-wait-ms must be a decimal number ≥ 0/],
    [
      ['stage-queue', '--stage', 's', '--replica', U, '--max-batch', '1', '--max-in-flight-per-url', '0'],
      /--max-in-flight-per-url must be a whole number from 1 to 1024/,
    ],
    [['router', '--pipeline', 'p', '--drop-limit-ms', '1000'], /--stage NAME=URL is required/],
    [['router', '--pipeline', 'p', '--stage', `a=${U}`, '--drop-limit-ms', '0'], /--drop-limit-ms must be a decimal number > 0/],
    [['router', '--pipeline', 'p', '--stage', `a=${U}`], /--drop-limit-ms/],
    [['edf'], /--upstream/],
    [['edf', '--upstream', 'nope'], /--upstream must be an http:\/\/ URL/],
    [['edf', '--upstream', U, '--slo-ms', 'x'], /--slo-ms must be a decimal number > 0/],
    [['edf', '--upstream', U, '--batch', '0'], /--batch must be a whole number from 1 to 1024/],
    [['edf', '--upstream', U, '--late', 'never'], /--late must be drop or serve-late/],
    [['edf', '--upstream', U, '--latency-model', '1,2,3'], /--latency-model must be sponge or four numbers/],
    [['edf', '--upstream', U, '--latency-model', '-5,0,0,50'], /--latency-model: gamma,delta,epsilon,eta must be ≥ 0 and not all 0/],
    [['edf', '--upstream', U, '--latency-model', '0,0,0,0'], /--latency-model: gamma,delta,epsilon,eta must be ≥ 0 and not all 0/],
    [['edf', '--upstream', U, '--cores', '0'], /--cores must be a decimal number > 0/],
    [['edf', '--upstream', U, '--cores', '1e-300'], /--cores: cores must be a number from 0\.001 to 1024/],
    [['edf', '--upstream', U, '--batch', '5000'], /--batch must be a whole number from 1 to 1024/],
    [['edf', '--upstream', U, '--max-queue', '0'], /--max-queue must be a whole number ≥ 1/],
    [['edf', '--upstream', U, '--upstream-timeout-ms', '0'], /--upstream-timeout-ms must be a whole number from 1 to 2147483647/],
    [['dispatcher', '--variant', `a=${U}`, '--max-body-bytes', '1.5'], /--max-body-bytes must be a whole number ≥ 1/],
    [['edf', '--upstream', U, '--max-batch-answer-bytes', '0'], /--max-batch-answer-bytes must be a whole number from 1 to 33554432, got "0"/],
    [
      ['stage-queue', '--stage', 's', '--replica', U, '--max-batch', '1', '--max-batch-answer-bytes', '33554433'],
      /--max-batch-answer-bytes must be a whole number from 1 to 33554432, got "33554433"/,
    ],
    [['dispatcher', '--variant', `a=${U}`, '--max-batch-answer-bytes', '1'], /unknown option '--max-batch-answer-bytes'/],
    [
      ['dispatcher', '--variant', `a=${U}`, '--admin-host', '0.0.0.0'],
      /--admin-host 0\.0\.0\.0 is reachable from other machines: give --admin-token-file <path>/,
    ],
    [['dispatcher', '--variant', `a=${U}`, '--admin-token-file', '/nonexistent/token'], /--admin-token-file \/nonexistent\/token: cannot read it/],
    [['dispatcher', '--variant', `a=${U}`, '--port', '9999', '--admin-port', '9999'], /--admin-port 9999 must differ from --port/],
    [['nope'], /unknown command 'nope'/],
  ])('%j exits 2 naming the flag', async (argv, message) => {
    const r = await proxy(...argv);
    expect(r.code).toBe(2);
    expect(r.io.stderr.join('\n')).toMatch(message);
    expect(r.io.stdout).toEqual([]);
    expect(process.listenerCount('SIGTERM')).toBe(0);
  });

  it('--metrics-port: the same port as --port or --admin-port, or one in use, exits 2 naming it', async () => {
    const { server, url } = await startUpstream('busy');
    try {
      const same = await proxy('edf', '--upstream', url, '--port', '9301', '--admin-port', '9302', '--metrics-port', '9302', '--host', '127.0.0.1');
      expect(same.code).toBe(2);
      expect(same.io.stderr.join('\n')).toMatch(/--metrics-port 9302 must differ from --port and --admin-port/);
      const busy = await proxy('edf', '--upstream', url, '--port', '0', '--admin-port', '0', '--metrics-port', new URL(url).port, '--host', '127.0.0.1');
      expect(busy.code).toBe(2);
      expect(busy.io.stderr.join('\n')).toMatch(/cannot listen on 127\.0\.0\.1:\d+ \(--host\/--metrics-port\).*EADDRINUSE/);
    } finally {
      await server.close();
    }
  });

  it('a port already in use exits 2 naming --port', async () => {
    const { server, url } = await startUpstream('busy');
    try {
      const port = new URL(url).port;
      const r = await proxy('edf', '--upstream', url, '--port', port, '--host', '127.0.0.1');
      expect(r.code).toBe(2);
      expect(r.io.stderr.join('\n')).toMatch(/cannot listen on 127\.0\.0\.1:\d+ \(--host\/--port\).*EADDRINUSE/);
    } finally {
      await server.close();
    }
  });
});

describe('the last-resort safety net of a serving proxy', () => {
  it('logs an uncaught error as one JSON line instead of exiting, and is removed after the drain', () => {
    const io = capture();
    const before = { exception: process.listenerCount('uncaughtException'), rejection: process.listenerCount('unhandledRejection') };
    const remove = installSafetyNet('edf', io);
    try {
      const [onRejection] = process.listeners('unhandledRejection').slice(-1) as ((reason: unknown) => void)[];
      onRejection?.(new Error('a bug somewhere'));
      expect(JSON.parse(io.stderr[0] ?? '')).toMatchObject({ event: 'unhandled-rejection', proxy: 'edf', message: 'a bug somewhere' });
    } finally {
      remove();
    }
    expect({ exception: process.listenerCount('uncaughtException'), rejection: process.listenerCount('unhandledRejection') }).toEqual(before);
  });
});
