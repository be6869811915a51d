import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '@infscale/emulator';
import { run } from '../program';
import { formatFailures, quantile, scaledCounts } from './loadgen-summary';
import { capture } from '../test-support/capture-io';

async function loadgen(...argv: string[]) {
  const io = capture();
  const code = await run(['node', 'infscale', 'loadgen', ...argv], io);
  return { code, io };
}

describe('infscale loadgen against a local emulator', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({
      variant: 'resnet18',
      profile: { kind: 'table', points: [{ batch: 1, cores: 1, latencyMs: 5 }] },
      initial: { cores: 1, batch: 1, workers: 4 },
    });
  });
  afterAll(() => emulator.close());

  it('replays 2 s of the steady-low window at a tenth, every request answered, and prints a JSON summary', async () => {
    const before = Number((await emulator.metrics.requests.get()).values[0]?.value ?? 0);
    const r = await loadgen('--url', `${emulator.url}/predict`, '--window', 'steady-low', '--scale', '0.1', '--max-seconds', '2', '--seed', '7', '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.io.stdout.join(''));
    expect(s).toMatchObject({ trace: 'steady-low', seconds: 2, scale: 0.1, seed: 7, failed: 0 });
    expect(s.sent).toBeGreaterThan(0);
    expect(s.ok).toBe(s.sent);
    // The emulator saw exactly what loadgen says it sent.
    const after = Number((await emulator.metrics.requests.get()).values[0]?.value ?? 0);
    expect(after - before).toBe(s.sent);
    expect(s.p50Ms).toBeGreaterThanOrEqual(5);
    expect(s.p99Ms).toBeGreaterThanOrEqual(s.p50Ms);
    expect(r.io.stderr.join('\n')).toMatch(/loadgen: steady-low, 2 s/);
  });

  it('prints a table without --json', async () => {
    const r = await loadgen('--url', `${emulator.url}/predict`, '--from', '0', '--to', '1', '--scale', '0.05');
    expect(r.code).toBe(0);
    expect(r.io.stdout.join('\n')).toMatch(/trace\s+seconds\s+sent\s+ok\s+failed\s+p50 ms\s+p99 ms/);
  });

  it('counts a refused connection as failed', async () => {
    const closed = await startEmulator({
      variant: 'x',
      profile: { kind: 'table', points: [{ batch: 1, cores: 1, latencyMs: 1 }] },
      initial: { cores: 1, batch: 1, workers: 1 },
    });
    await closed.close();
    const r = await loadgen('--url', `${closed.url}/predict`, '--from', '0', '--to', '1', '--scale', '0.05', '--json');
    const s = JSON.parse(r.io.stdout.join(''));
    expect(s.sent).toBeGreaterThan(0);
    expect(s).toMatchObject({ ok: 0, failed: s.sent, p50Ms: null, failures: { ECONNREFUSED: s.sent } });
    // Nothing answered: the reasons, and an exit code a script sees.
    expect(r.code).toBe(1);
    expect(r.io.stderr.join('\n')).toContain(
      `error: no request to ${closed.url}/predict succeeded (ECONNREFUSED ×${s.sent}): is the server up and is --url right?`,
    );
    expect(r.io.stderr.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('counts answers of 400 and over by status, in the table too', async () => {
    const r = await loadgen('--url', `${emulator.url}/nope`, '--from', '0', '--to', '1', '--scale', '0.05');
    expect(r.code).toBe(1);
    const out = r.io.stdout.join('\n');
    expect(out).toMatch(/^failed: HTTP 404 ×\d+$/m);
  });
});

describe('infscale loadgen against a server that fails some requests in different ways', () => {
  // Of every four requests it receives: 503, no answer at all, 503, 200.
  let server: Server;
  let received = 0;
  let url: string;
  let dir: string;
  let eight: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const n = received++ % 4;
      req.resume();
      if (n === 1) return;
      res.writeHead(n === 3 ? 200 : 503).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/predict`;
    dir = mkdtempSync(join(tmpdir(), 'infscale-loadgen-'));
    eight = join(dir, 'eight.txt');
    writeFileSync(eight, '8\n');
  });
  beforeEach(() => (received = 0));
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts the failures by reason in the JSON summary, and exits 0 as some were answered', async () => {
    const r = await loadgen('--url', url, '--trace-file', eight, '--timeout-ms', '200', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.io.stdout.join(''))).toMatchObject({ sent: 8, ok: 2, failed: 6, failures: { 'HTTP 503': 4, timeout: 2 } });
    expect(received).toBe(8);
  });

  it('prints the reasons under the table, most frequent first', async () => {
    const r = await loadgen('--url', url, '--trace-file', eight, '--timeout-ms', '200');
    expect(r.code).toBe(0);
    expect(r.io.stdout.join('\n')).toMatch(/^failed: HTTP 503 ×4, timeout ×2$/m);
  });
});

describe('infscale loadgen flags', () => {
  it.each([
    [['--url', 'http://10.0.0.1:8080/predict'], /not on loopback.*--allow-remote/],
    [['--url', 'ftp://127.0.0.1/x'], /--url must be http/],
    [['--url', 'http://127.0.0.1:1/', '--scale', '0'], /--scale/],
    [['--url', 'http://127.0.0.1:1/', '--seed', '-1'], /--seed/],
    [['--url', 'http://127.0.0.1:1/', '--window', 'nope'], /unknown trace "nope"/],
    [['--url', 'http://127.0.0.1:1/', '--trace', 'azure'], /--trace/],
  ])('%j exits 2 naming the problem', async (argv, message) => {
    const r = await loadgen(...argv);
    expect(r.code).toBe(2);
    expect(r.io.stderr.join('\n')).toMatch(message);
  });
});

describe('loadgen summary helpers', () => {
  it('nearest-rank quantiles', () => {
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile([5, 1, 3, 2, 4], 0.99)).toBe(5);
    expect(quantile([], 0.5)).toBeNull();
  });

  it('formats failures most frequent first, ties by name', () => {
    expect(formatFailures({ timeout: 2, 'HTTP 503': 2, ECONNREFUSED: 5 })).toBe('ECONNREFUSED ×5, HTTP 503 ×2, timeout ×2');
    expect(formatFailures({})).toBe('');
  });

  it('scales and cuts the counts', () => {
    expect(scaledCounts([10, 20, 30], 0.5, 2)).toEqual([5, 10]);
  });
});
