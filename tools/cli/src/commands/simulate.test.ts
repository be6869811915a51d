import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../program';
import { capture } from '../test-support/capture-io';

describe('infscale simulate', () => {
  it('runs the VPA baseline on the InfAdapter segment and prints the summary as JSON', async () => {
    const io = capture();
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const code = await run(['node', 'infscale', 'simulate', '--scaler', 'vpa', '--window', 'segment', '--json', '--series', join(dir, 's.csv')], io);
    expect(io.stderr.join('')).toBe('');
    expect(code).toBe(0);
    const s = JSON.parse(io.stdout.join(''));
    // The segment has 21 minutes; every request is counted once: on time, late, dropped, rejected or timed out.
    expect(s.durationS).toBe(1260);
    expect(s.onTime + s.late + s.dropped + s.rejected + s.timedOut).toBe(s.arrived);
    expect(s.arrived).toBeGreaterThan(100_000);
    expect(s.decisions).toBeGreaterThan(0);
    // Starts at resnet152 with 20 cores; VPA only changes cores, so accuracy stays ResNet152's.
    expect(s.accuracy).toBeCloseTo(0.78312, 5);
    const csv = readFileSync(join(dir, 's.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^startS,arrivals,/);
    expect(csv).toHaveLength(22);
  });

  it('prints a table for static on a --from/--to slice', async () => {
    const io = capture();
    expect(
      await run(['node', 'infscale', 'simulate', '--scaler', 'static', '--from', '1000', '--to', '1120', '--variant', 'resnet18', '--cores', '4'], io),
    ).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/static on infadapter, twitter \(120 s, seed 1\)/);
    expect(io.stdout.join('\n')).toMatch(/SLO violations/);
  });

  it('runs InfAdapter with the shipped LSTM as the comparison does: fewer violations than a static ResNet152 at 20 cores', async () => {
    const json = async (args: string[]) => {
      const io = capture();
      expect(await run(['node', 'infscale', 'simulate', ...args, '--window', 'segment', '--json'], io)).toBe(0);
      return JSON.parse(io.stdout.join(''));
    };
    const infadapter = await json(['--scaler', 'infadapter']);
    const fixed = await json(['--scaler', 'static']);
    expect(infadapter.decisions).toBeGreaterThan(0);
    expect(infadapter.sloViolationRate).toBeLessThan(fixed.sloViolationRate / 5);
    // It trades ResNet152's accuracy for capacity at the burst.
    expect(infadapter.accuracy).toBeLessThan(0.78312);
    expect(infadapter.accuracy).toBeGreaterThan(0.69758);
  });

  it('runs IPA on a pipeline and Sponge on its profile; accuracy is a fraction (IPA: product over stages)', async () => {
    const io = capture();
    expect(await run(['node', 'infscale', 'simulate', '--scaler', 'ipa', '--profile', 'ipa:video', '--window', 'bursty', '--to', '300', '--json'], io)).toBe(0);
    const ipa = JSON.parse(io.stdout.join(''));
    expect(ipa.decisions).toBeGreaterThan(0);
    // Between the lightest (yolov5n × resnet18) and the heaviest (yolov5x × resnet152) pipelines.
    expect(ipa.accuracy).toBeGreaterThanOrEqual(0.457 * 0.6975 - 1e-9);
    expect(ipa.accuracy).toBeLessThanOrEqual(0.689 * 0.7831 + 1e-9);
    const io2 = capture();
    expect(await run(['node', 'infscale', 'simulate', '--scaler', 'sponge', '--profile', 'sponge', '--window', 'segment', '--to', '120', '--json'], io2)).toBe(
      0,
    );
    expect(JSON.parse(io2.stdout.join('')).decisions).toBeGreaterThan(0);
  });

  it('refuses a scaler on a profile it does not run on', async () => {
    const io = capture();
    expect(await run(['node', 'infscale', 'simulate', '--scaler', 'ipa', '--window', 'segment'], io)).toBe(2);
    expect(io.stderr.join('')).toMatch(/--scaler ipa runs on --profile ipa:<pipeline>, got --profile infadapter/);
  });

  it('names the bad flag', async () => {
    for (const [args, message] of [
      [['--scaler', 'nope'], /--scaler: unknown scaler "nope": known scalers are static, vpa, hpa, infadapter, ms-plus, ipa, sponge/],
      [['--scaler', 'hpa', '--cores', '-2'], /--cores must be a decimal number > 0 and ≤ 10000, got "-2"/],
      [['--scaler', 'hpa', '--replicas', '0x10'], /--replicas must be a whole number from 1 to 10000, got "0x10"/],
      [['--scaler', 'hpa', '--profile', 'foo'], /--profile must be infadapter, ipa:<pipeline> or sponge/],
      [['--scaler', 'hpa', '--scaler-config', '[1]'], /--scaler-config must be a JSON object/],
      [['--scaler', 'hpa', '--variant', 'vgg'], /--variant must be one of resnet18/],
    ] as const) {
      const io = capture();
      expect(await run(['node', 'infscale', 'simulate', '--from', '0', '--to', '60', ...args], io)).toBe(2);
      expect(io.stderr.join('')).toMatch(message);
    }
  });
});
