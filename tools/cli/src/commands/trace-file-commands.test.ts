import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTwitterTrace } from '@infscale/profiles';
import { startEmulator, type RunningEmulator } from '@infscale/emulator';
import { runCaptured } from '../test-support/capture-io';

// --trace-file wherever a bundled trace is accepted: the same arrivals give the same results.

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'infscale-trace-file-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The same counts as whitespace-separated text and as a CSV with Unix timestamps. */
function writeBoth(name: string, counts: ArrayLike<number>): { txt: string; csv: string } {
  const values = Array.from(counts);
  const txt = join(dir, `${name}.txt`);
  writeFileSync(txt, values.join(' '));
  const csv = join(dir, `${name}.csv`);
  writeFileSync(csv, 'timestamp,rate\n' + values.map((c, i) => `${1_700_000_000 + i},${c}`).join('\n') + '\n');
  return { txt, csv };
}

const rowsOf = (json: string) =>
  json
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { scenario: string; window: string; rows: unknown[] });

describe('compare --trace-file', () => {
  it('infadapter on a file gives the same rows for whitespace and CSV, the systems of the bundled windows, named by the file', async () => {
    const { txt, csv } = writeBoth('slice', loadTwitterTrace().subarray(2_000_000 - 300_000, 2_000_000 - 300_000 + 300));
    const fromText = await runCaptured('compare', '--scenario', 'infadapter', '--trace-file', txt, '--scale', '1', '--json', '--no-report');
    const fromCsv = await runCaptured('compare', '--scenario', 'infadapter', '--trace-file', csv, '--scale', '1', '--json', '--no-report');
    expect(fromText.code).toBe(0);
    expect(fromCsv.code).toBe(0);
    const [t] = rowsOf(fromText.out);
    const [c] = rowsOf(fromCsv.out);
    expect([t!.window, c!.window]).toEqual(['slice.txt', 'slice.csv']);
    expect(c!.rows).toEqual(t!.rows);
    const systems = t!.rows.map((r) => (r as { system: string }).system);
    expect(systems).toEqual(
      expect.arrayContaining([
        'infadapter',
        'ms-plus',
        'vpa-resnet50-InPlaceOrRecreate',
        'vpa-resnet50-Recreate',
        'vpa-resnet50-OffApplied',
        'infadapter-oracle',
        'frontier',
      ]),
    );
    // The VPA sweep ran on it too.
    expect(systems.filter((s) => /-OffApplied-m/.test(s)).length).toBeGreaterThan(100);
  }, 120_000);

  it('prints the text table of the bundled windows, with the targets, for a short file', async () => {
    const { txt } = writeBoth(
      'short',
      Array.from({ length: 240 }, (_, i) => 40 + (i % 20)),
    );
    const r = await runCaptured('compare', '--scenario', 'infadapter', '--trace-file', txt, '--no-report');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^infadapter — short\.txt/);
    expect(r.out).toMatch(/system\s+SLO viol\. %\s+late\s+rejected\s+timed out\s+dropped\s+p99 ms\s+mean cores\s+core-s\s+accuracy\s+objective/);
    for (const system of ['infadapter', 'ms-plus', 'vpa-resnet18-OffApplied', 'infadapter-oracle', 'frontier'])
      expect(r.out).toMatch(new RegExp(`\\n${system}\\s`));
    expect(r.out).toMatch(/Targets\n\s+SLO violations: infadapter/);
    // What was read, on stderr before the runs: 240 s of 40…59 req/s (mean 49.5, 11,880 requests).
    expect(r.err).toMatch(/read short\.txt: 240 s, 11,880 requests, mean 49\.5 req\/s, peak 59 req\/s\n/);
  }, 60_000);

  it('sponge and ipa replay the file as their one workload, undamped', async () => {
    const { txt } = writeBoth(
      'small',
      Array.from({ length: 120 }, (_, i) => 6 + (i % 5)),
    );
    const sponge = await runCaptured('compare', '--scenario', 'sponge', '--trace-file', txt, '--json', '--no-report');
    expect(sponge.code).toBe(0);
    const [s] = rowsOf(sponge.out);
    expect(s).toMatchObject({ scenario: 'sponge', window: 'small.txt' });
    expect(s!.rows.map((r) => (r as { system: string }).system)).toContain('static 16 cores');
    const ipa = await runCaptured('compare', '--scenario', 'ipa', '--trace-file', txt, '--json', '--no-report');
    expect(ipa.code).toBe(0);
    const [i] = rowsOf(ipa.out);
    expect(i).toMatchObject({ scenario: 'ipa', window: 'video/small.txt' });
    expect(i!.rows.map((r) => (r as { system: string }).system)).toEqual(expect.arrayContaining(['IPA', 'FA2-low', 'FA2-high', 'RIM', 'IPA-oracle']));
    // No paper-mode rows: the paper measured its own windows only.
    expect(i!.rows.some((r) => (r as { system: string }).system.endsWith('(paper)'))).toBe(false);
  }, 60_000);

  it('exits 2 naming the file, the line and the field of a malformed file, and refuses --window or --workload with it', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'timestamp,count\n1,5\n2,five\n');
    const r = await runCaptured('compare', '--scenario', 'infadapter', '--trace-file', bad, '--scale', '1', '--json');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}, line 3, field "count": "five"`);
    const { txt } = writeBoth('ok', [1, 2, 3]);
    expect((await runCaptured('compare', '--scenario', 'infadapter', '--trace-file', txt, '--window', 'day')).err).toMatch(
      /either --window \("day"\) or --trace-file/,
    );
    expect((await runCaptured('compare', '--scenario', 'sponge', '--trace-file', txt, '--workload', 'constant-10')).err).toMatch(
      /--workload.*either --workload or a trace file/,
    );
    expect((await runCaptured('compare', '--scenario', 'infadapter', '--scale', '2')).err).toMatch(/--scale applies to --trace-file only/);
  });
});

describe('simulate, loadgen and forecast --trace-file', () => {
  it('simulate on a file of a slice prints the summary of --from/--to on the trace', async () => {
    const { csv } = writeBoth('slice', loadTwitterTrace().subarray(1000, 1120));
    const file = await runCaptured('simulate', '--scaler', 'vpa', '--trace-file', csv, '--json');
    const bundled = await runCaptured('simulate', '--scaler', 'vpa', '--from', '1000', '--to', '1120', '--json');
    expect(file.code).toBe(0);
    const { window: fw, ...f } = JSON.parse(file.out);
    const { window: bw, ...b } = JSON.parse(bundled.out);
    expect([fw, bw]).toEqual(['slice.csv', 'twitter']);
    expect(f).toEqual(b);
    expect((await runCaptured('simulate', '--scaler', 'vpa', '--trace-file', csv, '--window', 'segment')).code).toBe(2);
  });

  describe('loadgen', () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startEmulator({
        variant: 'm',
        profile: { kind: 'table', points: [{ batch: 1, cores: 1, latencyMs: 2 }] },
        initial: { cores: 1, batch: 1, workers: 8 },
      });
    });
    afterAll(() => emulator.close());

    it("sends exactly the file's counts times --scale", async () => {
      const { txt } = writeBoth('load', [3, 4, 5]);
      const r = await runCaptured('loadgen', '--url', `${emulator.url}/predict`, '--trace-file', txt, '--scale', '2', '--json');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ trace: 'load.txt', seconds: 3, sent: 24, ok: 24, failed: 0 });
    });
  });

  it('forecast trains on one part of a file and scores another, at damping 1', async () => {
    const counts = Array.from({ length: 2400 }, (_, i) => Math.round(60 + 30 * Math.sin(i / 200)));
    const { txt } = writeBoth('forecast', counts);
    const out = join(dir, 'model');
    const trained = await runCaptured(
      'forecast',
      'train',
      '--preset',
      'infadapter',
      '--trace-file',
      txt,
      '--to',
      '1500',
      '--epochs',
      '1',
      '--out',
      out,
      '--json',
    );
    expect(trained.code).toBe(0);
    expect(JSON.parse(trained.out)).toMatchObject({ trace: 'forecast.txt', damping: 1 });
    const scored = await runCaptured('forecast', 'eval', '--preset', 'infadapter', '--model', out, '--trace-file', txt, '--from', '1500', '--json');
    expect(scored.code).toBe(0);
    const e = JSON.parse(scored.out);
    expect(e).toMatchObject({ protocol: 'file', damping: 1, fromSecond: 1500, toSecond: 2400, testSeconds: 900 });
    expect(e.rows.map((r: { forecaster: string }) => r.forecaster)).toEqual(['lstm', 'ewma', 'last-max', 'oracle']);
    expect((await runCaptured('forecast', 'eval', '--preset', 'ipa', '--trace-file', txt, '--protocol', 'paper')).err).toMatch(
      /either --protocol paper or --trace-file/,
    );
    expect((await runCaptured('forecast', 'train', '--preset', 'infadapter', '--trace-file', txt, '--to', '100', '--out', out)).err).toMatch(
      /100 seconds with load \(after damping 1\) are too few to train the infadapter LSTM, which needs more than 660/,
    );
    expect((await runCaptured('forecast', 'eval', '--preset', 'infadapter', '--trace-file', txt, '--from', '2000')).err).toMatch(
      /400 seconds .* too few to score/,
    );
  }, 60_000);
});
