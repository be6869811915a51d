import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWindow, loadTwitterTrace, traceWindow } from '@infscale/profiles';
import { startPrometheus, type RunningPrometheus } from '@infscale/metrics/testing';
import { runCaptured } from '../test-support/capture-io';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'infscale-trace-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trace show --trace-file', () => {
  it('summarises a whitespace-separated file and a CSV of the same counts alike', async () => {
    const counts = traceWindow(loadTwitterTrace(), findWindow('segment'));
    const plain = join(dir, 'segment.txt');
    writeFileSync(plain, counts.join(' '));
    const csv = join(dir, 'segment.csv');
    writeFileSync(csv, 'timestamp,count\n' + counts.map((c, i) => `${1_700_000_000 + i},${c}`).join('\n'));
    const a = await runCaptured('trace', 'show', '--trace-file', plain, '--json');
    const b = await runCaptured('trace', 'show', '--trace-file', csv, '--json');
    const bundled = await runCaptured('trace', 'show', 'segment', '--json');
    expect(a.code).toBe(0);
    const pick = (s: string) =>
      (({ durationS, meanRps, maxRps, minRps, totalRequests }) => ({ durationS, meanRps, maxRps, minRps, totalRequests }))(JSON.parse(s));
    expect(pick(a.out)).toEqual(pick(bundled.out));
    expect(pick(b.out)).toEqual(pick(bundled.out));
  });

  it("names a file once in the table's header line", async () => {
    const file = join(dir, 'frac.txt');
    writeFileSync(file, '1 2 3');
    const r = await runCaptured('trace', 'show', '--trace-file', file);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^frac\.txt: (?!frac\.txt)/);
    // A bundled window keeps its name before its description.
    expect((await runCaptured('trace', 'show', 'segment')).out.split('\n')[0]).toMatch(/^segment: /);
  });

  it('applies --from/--to/--scale to a file', async () => {
    const file = join(dir, 'ten.txt');
    writeFileSync(file, '10\n10\n10\n10\n10\n');
    const r = await runCaptured('trace', 'show', '--trace-file', file, '--from', '1', '--to', '4', '--scale', '0.5', '--json');
    expect(JSON.parse(r.out)).toMatchObject({ durationS: 3, totalRequests: 15 });
  });

  it('exits 2 naming the file, the line and the value for a malformed file', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'timestamp,count\n1,5\n2,five\n');
    const r = await runCaptured('trace', 'show', '--trace-file', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}, line 3, field "count": "five"`);
  });

  it('exits 2 for a --to past the end of the file, naming the flag', async () => {
    const file = join(dir, 'short.txt');
    writeFileSync(file, '1 2 3');
    const r = await runCaptured('trace', 'show', '--trace-file', file, '--to', '9');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--to: 9 is not a whole second in \(0, 3\]/);
  });

  it('refuses a name together with --trace-file, and file-only flags without one', async () => {
    expect((await runCaptured('trace', 'show', 'segment', '--trace-file', join(dir, 'ten.txt'))).code).toBe(2);
    expect((await runCaptured('trace', 'show', 'segment', '--smooth', '5')).err).toMatch(/--smooth applies to --trace-file only/);
  });
});

describe('trace record against a real Prometheus', () => {
  const SECONDS = 3 * 3600 + 600;
  const end = Math.floor(Date.now() / 1000) - 3600;
  const start = end - SECONDS + 1;
  const source = loadTwitterTrace().subarray(1_000_000, 1_000_000 + SECONDS);
  let prom: RunningPrometheus;

  beforeAll(async () => {
    // The rate the load generator would have produced, stored per second as a gauge: more points than one range query may return.
    const lines = ['# TYPE model_requests_per_second gauge'];
    for (let i = 0; i < SECONDS; i++) lines.push(`model_requests_per_second{service="resnet"} ${source[i]} ${start + i}`);
    prom = await startPrometheus({ targets: [], backfillOpenMetrics: lines.join('\n') + '\n' });
  }, 60_000);
  afterAll(() => prom?.stop());

  it('writes a CSV that --trace-file reads back as the very same per-second counts', async () => {
    const out = join(dir, 'recorded.csv');
    const r = await runCaptured(
      'trace',
      'record',
      '--prometheus',
      prom.url,
      '--query',
      'sum(model_requests_per_second)',
      '--from',
      String(start),
      '--to',
      String(end),
      '--step',
      '1s',
      '-o',
      out,
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ points: SECONDS, missing: 0, queries: 2 });
    expect(r.err).toMatch(/2 range queries/);
    const shown = await runCaptured('trace', 'show', '--trace-file', out, '--json');
    const total = source.reduce((a, b) => a + b, 0);
    expect(JSON.parse(shown.out)).toMatchObject({ durationS: SECONDS, totalRequests: total, maxRps: Math.max(...source) });
    expect(readFileSync(out, 'utf8').split('\n')[1]).toBe(`${start},${source[0]}`);
  }, 60_000);

  it('zero-fills a gap before the first sample, as the message says, so the file spans --from to --to', async () => {
    const out = join(dir, 'leading-gap.csv');
    const args = ['--prometheus', prom.url, '--query', 'sum(model_requests_per_second)', '--from', String(start - 30), '--to', String(start + 29)];
    const r = await runCaptured('trace', 'record', ...args, '-o', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/60 points every 1 s .*; 30 points had no data and were written as 0 requests/);
    const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
    expect(rows).toHaveLength(60);
    expect(rows[0]).toBe(`${start - 30},0`);
    expect(rows[30]).toBe(`${start},${source[0]}`);
    const shown = await runCaptured('trace', 'show', '--trace-file', out, '--json');
    expect(JSON.parse(shown.out)).toMatchObject({ durationS: 60, minRps: 0 });
  }, 30_000);

  it('refuses to overwrite, and says why a query with several series cannot be a trace', async () => {
    const out = join(dir, 'exists.csv');
    writeFileSync(out, 'keep');
    const again = await runCaptured('trace', 'record', '--prometheus', prom.url, '--query', 'x', '--from', 'now-1h', '-o', out);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/exists.*--force/);
    expect(readFileSync(out, 'utf8')).toBe('keep');
    const empty = await runCaptured(
      'trace',
      'record',
      '--prometheus',
      prom.url,
      '--query',
      'nothing_here',
      '--from',
      String(start),
      '--to',
      String(start + 60),
      '-o',
      join(dir, 'empty.csv'),
    );
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/no data/);
    expect(existsSync(join(dir, 'empty.csv'))).toBe(false);
  }, 30_000);

  it('names the flag of a bad time, step or address', async () => {
    expect((await runCaptured('trace', 'record', '--prometheus', prom.url, '--query', 'x', '--from', 'yesterday', '-o', join(dir, 'a.csv'))).err).toMatch(
      /--from must be/,
    );
    expect(
      (await runCaptured('trace', 'record', '--prometheus', prom.url, '--query', 'x', '--from', 'now-1h', '--step', '0s', '-o', join(dir, 'a.csv'))).err,
    ).toMatch(/--step/);
    expect((await runCaptured('trace', 'record', '--prometheus', 'ftp://x', '--query', 'x', '--from', 'now-1h', '-o', join(dir, 'a.csv'))).err).toMatch(
      /--prometheus must be http/,
    );
  });
});
