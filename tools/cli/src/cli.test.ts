import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './program';
import { capture } from './test-support/capture-io';

describe('infscale CLI', () => {
  it('--help lists the commands', async () => {
    const io = capture();
    expect(await run(['node', 'infscale', '--help'], io)).toBe(0);
    const text = io.stdout.join('');
    expect(text).toMatch(/profiles/);
    expect(text).toMatch(/trace/);
  });

  it('--version prints the package version', async () => {
    const io = capture();
    expect(await run(['node', 'infscale', '--version'], io)).toBe(0);
    expect(io.stdout.join('').trim()).toBe((JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('profiles list --json gives the variants with hand-checked numbers', async () => {
    const io = capture();
    expect(await run(['node', 'infscale', 'profiles', 'list', '--json'], io)).toBe(0);
    const s = JSON.parse(io.stdout.join(''));
    expect(s.infadapter.map((v: { capacityRpsAt20CoresSlo750: number }) => v.capacityRpsAt20CoresSlo750)).toEqual([473, 259, 200, 98, 67]);
    expect(s.ipa.map((p: { pipeline: string }) => p.pipeline)).toEqual(['video', 'audio-qa', 'audio-sent', 'sum-qa', 'nlp']);
    expect(s.traces[0].name).toBe('twitter');
  });

  it('profiles list prints tables', async () => {
    const io = capture();
    expect(await run(['node', 'infscale', 'profiles', 'list'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/resnet152\s+0\.783\s+8\.52\s+67/);
  });

  it('trace show twitter --json summarises the whole trace', async () => {
    const io = capture();
    expect(await run(['node', 'infscale', 'trace', 'show', 'twitter', '--json'], io)).toBe(0);
    const s = JSON.parse(io.stdout.join(''));
    expect(s).toMatchObject({ name: 'twitter', durationS: 1_899_061, maxRps: 388 });
    expect(s.meanRps).toBeCloseTo(63.6, 1);
  });

  it('trace show segment gives 1260 s at 27–274 req/s', async () => {
    const io = capture();
    expect(await run(['node', 'infscale', 'trace', 'show', 'segment', '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout.join(''))).toMatchObject({ durationS: 1260, minRps: 27, maxRps: 274 });
  });

  it('trace show twitter --from --to slices the trace', async () => {
    const io = capture();
    expect(await run(['node', 'infscale', 'trace', 'show', 'twitter', '--from', '1300920', '--to', '1302180', '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout.join(''))).toMatchObject({ durationS: 1260, maxRps: 274 });
  });

  it.each([
    [['trace', 'show', 'weekly'], /unknown trace "weekly": use twitter or one of segment/],
    [['trace', 'show', 'twitter', '--from', '-5'], /--from must be a whole number ≥ 0, got "-5"/],
    [['trace', 'show', 'twitter', '--from', '10', '--to', '5'], /--from \(10\) must be before --to \(5\)/],
    [['trace', 'show', 'twitter', '--to', '99999999'], /--to must be at most 1899061/],
  ])('rejects %j with exit 2 and a message naming the flag', async (args, message) => {
    const io = capture();
    expect(await run(['node', 'infscale', ...args], io)).toBe(2);
    expect(io.stderr.join('')).toMatch(message);
  });

  it('an unknown command exits 2', async () => {
    const io = capture();
    expect(await run(['node', 'infscale', 'frobnicate'], io)).toBe(2);
  });
});
