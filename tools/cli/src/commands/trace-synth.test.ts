import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { syntheticTrace } from '@infscale/experiments';
import { runCaptured } from '../test-support/capture-io';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'infscale-trace-synth-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trace synth', () => {
  it('writes the seeded counts one per line, and trace show reads them back', async () => {
    const file = join(dir, 'steps.txt');
    const r = await runCaptured('trace', 'synth', '--shape', 'steps', '--base', '20', '--peak', '90', '--seconds', '3600', '--seed', '4', '-o', file, '--json');
    expect(r.code).toBe(0);
    const counts = readFileSync(file, 'utf8').trim().split('\n').map(Number);
    expect(counts).toEqual(syntheticTrace({ shape: 'steps', baseRps: 20, peakRps: 90, seconds: 3600, seed: 4 }));
    const summary = JSON.parse(r.out);
    expect(summary).toMatchObject({ shape: 'steps', seed: 4, durationS: 3600, totalRequests: counts.reduce((a, b) => a + b, 0) });
    const shown = await runCaptured('trace', 'show', '--trace-file', file, '--json');
    expect(JSON.parse(shown.out)).toMatchObject({ durationS: 3600, totalRequests: summary.totalRequests, maxRps: summary.maxRps });
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('gzips a .gz name, and --period shapes the sine', async () => {
    const file = join(dir, 'sine.txt.gz');
    const r = await runCaptured('trace', 'synth', '--shape', 'sine', '--base', '5', '--peak', '50', '--period', '600', '--seconds', '1200', '-o', file);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/wrote .*sine\.txt\.gz: sine between 5 and 50 req\/s/);
    const counts = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n').map(Number);
    expect(counts).toEqual(syntheticTrace({ shape: 'sine', baseRps: 5, peakRps: 50, periodS: 600, seconds: 1200, seed: 1 }));
  });

  it('suggests the file by its absolute path (npm runs a workspace script in another folder)', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await runCaptured('trace', 'synth', '--shape', 'ramp', '--seconds', '10', '-o', 'relative.txt');
      expect(r.code).toBe(0);
      const path = join(realpathSync(dir), 'relative.txt');
      expect(r.out).toContain(`infscale compare --scenario infadapter --trace-file ${path}`);
      expect(r.out).toContain(`npm run infadapter-sample -w @infscale/experiments -- --trace-file ${path}`);
    } finally {
      process.chdir(cwd);
    }
  });

  it('exits 2 naming the flag and what is valid, and never replaces a file without --force', async () => {
    const file = join(dir, 'kept.txt');
    writeFileSync(file, 'mine\n');
    const cases: [string[], RegExp][] = [
      [['--base', '10'], /--shape is required: one of sine, ramp, steps, spikes/],
      [['--shape', 'wave'], /--shape must be one of sine, ramp, steps, spikes, got "wave"/],
      [['--shape', 'sine'], /-o\/--output is required/],
      [['--shape', 'sine', '--base', '100', '--peak', '50', '-o', join(dir, 'x.txt')], /--peak must be a decimal number from 100 to 100000, got "50"/],
      [['--shape', 'sine', '--seconds', '0', '-o', join(dir, 'x.txt')], /--seconds must be a whole number from 1 to 604800, got "0"/],
      [['--shape', 'sine', '--period', '1', '-o', join(dir, 'x.txt')], /--period must be a whole number ≥ 2, got "1"/],
      [['--shape', 'sine', '-o', file], /kept\.txt exists: choose another -o or pass --force/],
    ];
    for (const [flags, message] of cases) {
      const r = await runCaptured('trace', 'synth', ...flags);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
    }
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
    expect(existsSync(join(dir, 'x.txt'))).toBe(false);
    const forced = await runCaptured('trace', 'synth', '--shape', 'ramp', '--seconds', '10', '-o', file, '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(10);
  });
});
