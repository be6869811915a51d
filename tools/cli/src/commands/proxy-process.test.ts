/**
 * The done-when commands, run exactly as written against the real CLI process
 * (`node tools/cli/bin/infscale.js proxy …`, built by the test target's build), upstreams on
 * 127.0.0.1 and the admin token from a temp file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { largeUpload, request, UpstreamServer, waitFor } from '@infscale/dataplane/testing';

const CLI = join(__dirname, '../../bin/infscale.js');
const TOKEN = 'x7Hq2mP9vLr4Kd8sWz3nTb6yFj1cGe5u';

interface CliProxy {
  child: ChildProcess;
  url: string;
  adminUrl: string;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

/** Spawns `infscale proxy <args>` on free loopback ports; resolves once it logs its ready line. */
function startCli(args: string[]): Promise<CliProxy> {
  const child = spawn(process.execPath, [CLI, 'proxy', ...args, '--port', '0', '--host', '127.0.0.1', '--admin-port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      for (const line of d.toString('utf8').split('\n').filter(Boolean)) {
        stdout.push(line);
        const event = JSON.parse(line) as { event: string; url: string; adminUrl: string };
        if (event.event === 'ready') resolve({ child, url: event.url, adminUrl: event.adminUrl, stdout, stderr, exited });
      }
    });
    void exited.then((code) => reject(new Error(`infscale proxy exited with ${code} before it was ready: ${stderr.join('')}`)));
  });
}

async function stop(p: CliProxy): Promise<number | null> {
  if (p.child.exitCode === null) p.child.kill('SIGTERM');
  return p.exited;
}

/** An upstream that accepts every request and never answers it. */
async function hungUpstream(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe("infscale proxy (the process), as the issue's done-when commands run it", () => {
  let dir: string;
  let tokenFile: string;
  const upstream = new UpstreamServer({ name: 'model' });
  let upstreamUrl: string;
  const running: CliProxy[] = [];
  const auth = { authorization: `Bearer ${TOKEN}` };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'admin-token-'));
    tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    upstreamUrl = await upstream.listen();
  });
  afterEach(async () => {
    upstream.holding = false;
    upstream.release();
    await Promise.all(running.splice(0).map(stop));
  });
  afterAll(async () => {
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(args: string[]): Promise<CliProxy> {
    const p = await startCli(args);
    running.push(p);
    return p;
  }

  it('dispatcher: /admin/quotas is 404 on the traffic port, 401 on the admin port without the token, 200 with it and a valid body', async () => {
    const p = await cli(['dispatcher', '--variant', `a=${upstreamUrl}`, '--variant', `b=${upstreamUrl}`, '--admin-token-file', tokenFile]);
    const body = { weights: { a: 3, b: 1 } };
    expect((await request(`${p.url}/admin/quotas`, { body, headers: auth })).status).toBe(404);
    expect((await request(`${p.adminUrl}/admin/quotas`, { body })).status).toBe(401);
    expect((await request(`${p.adminUrl}/admin/quotas`, { body, headers: { authorization: 'Bearer not-the-token' } })).status).toBe(401);
    const ok = await request(`${p.adminUrl}/admin/quotas`, { body, headers: auth });
    expect(ok.status).toBe(200);
    expect(ok.json()).toEqual({ weights: { a: 3, b: 1 }, frameSize: 4 });
  });

  it.each([
    ['https://x', 'urls.a'],
    ['not a url', 'urls.a'],
  ])('dispatcher: urls {"a": "%s"} → 400 naming %s, and the proxy still serves traffic', async (url, field) => {
    const p = await cli(['dispatcher', '--variant', `a=${upstreamUrl}`, '--admin-token-file', tokenFile]);
    const res = await request(`${p.adminUrl}/admin/quotas`, { body: { weights: { a: 1 }, urls: { a: url } }, headers: auth });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: 'bad-field', field });
    for (let i = 0; i < 3; i++) expect((await request(`${p.url}/v1/models/m:predict`, { body: { i } })).status).toBe(200);
    expect(p.child.exitCode).toBeNull();
  });

  it('stage-queue: replicaUrls ["not a url"] → 400, and the proxy still serves traffic', async () => {
    const p = await cli(['stage-queue', '--stage', 's', '--replica', upstreamUrl, '--max-batch', '1', '--admin-token-file', tokenFile]);
    const res = await request(`${p.adminUrl}/admin/stage`, { body: { replicaUrls: ['not a url'] }, headers: auth });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ field: 'replicaUrls.0' });
    expect((await request(`${p.url}/`, { body: { x: 1 } })).status).toBe(200);
    expect(p.child.exitCode).toBeNull();
  });

  it('a 20 MiB POST to the traffic port → 413', async () => {
    const p = await cli(['dispatcher', '--variant', `a=${upstreamUrl}`]);
    const answer = await largeUpload(`${p.url}/v1/models/m:predict`, 20 * 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(answer.text).toMatch(/over the limit of 16777216 bytes \(--max-body-bytes\)/);
    expect((await request(`${p.url}/v1/models/m:predict`, { body: 'small' })).status).toBe(200);
  });

  it('an upstream that accepts and never answers, with --upstream-timeout-ms 1000 → 504 within 3 s', async () => {
    const hung = await hungUpstream();
    try {
      const p = await cli(['dispatcher', '--variant', `a=${hung.url}`, '--upstream-timeout-ms', '1000']);
      const t0 = Date.now();
      const res = await request(`${p.url}/v1/models/m:predict`, { body: 'x' });
      expect(res.status).toBe(504);
      expect(Date.now() - t0).toBeLessThan(3000);
      expect((await request(`${p.url}/metrics`)).text).toMatch(/^infscale_proxy_upstream_timeouts_total 1$/m);
    } finally {
      await hung.close();
    }
  });

  it('edf: a 1000 ms-SLO request gets its 504 at ~1 s while the model server hangs', async () => {
    const hung = await hungUpstream();
    try {
      const p = await cli(['edf', '--upstream', hung.url, '--slo-ms', '1000', '--latency-model', '0,0,0,10']);
      const t0 = Date.now();
      const [inService, queued] = await Promise.all([request(`${p.url}/`, { body: { a: 1 } }), request(`${p.url}/`, { body: { b: 2 } })]);
      expect([inService.status, queued.status]).toEqual([504, 504]);
      expect(Date.now() - t0).toBeGreaterThan(900);
      expect(Date.now() - t0).toBeLessThan(2000);
    } finally {
      await hung.close();
    }
  });

  it('refuses a non-loopback --admin-host without a token file: exit 2 naming the flags', async () => {
    const child = spawn(process.execPath, [CLI, 'proxy', 'dispatcher', '--variant', `a=${upstreamUrl}`, '--port', '0', '--admin-host', '0.0.0.0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--admin-host 0\.0\.0\.0 .*--admin-token-file/);
  });

  it('on SIGTERM answers a held request 503 past --drain-timeout-ms (no cut connection) and exits 0', async () => {
    const p = await cli(['dispatcher', '--variant', `a=${upstreamUrl}`, '--drain-timeout-ms', '300']);
    upstream.holding = true;
    const held = request(`${p.url}/v1/models/m:predict`, { body: 'x' });
    await waitFor(() => upstream.held === 1);
    p.child.kill('SIGTERM');
    const res = await held;
    expect(res.status).toBe(503);
    expect(res.json()).toMatchObject({ error: 'shutting-down' });
    expect(await p.exited).toBe(0);
    expect(p.stdout.map((l) => JSON.parse(l) as { event: string }).map((e) => e.event)).toEqual(['ready', 'closed']);
  });
});
