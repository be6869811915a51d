import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../program';
import { scenarios, type Scenario, type ScenarioOptions } from '@infscale/experiments';
import { capture } from '../test-support/capture-io';

// A tiny scenario that computes its rows from the options, so the plumbing (flags, table, JSON,
// report file) is checked independently of the real, slower scenarios. It reads --window and
// --upscale-check (the options of each run are kept in `given`).
const given: ScenarioOptions[] = [];
const arithmetic: Scenario = {
  name: 'arithmetic',
  description: 'rows derived from the seed',
  windows: ['short', 'long'],
  defaultWindow: 'short',
  reads: ['window', 'upscaleCheck'],
  async run(options, progress) {
    given.push(options);
    progress.start(2, 'arithmetic');
    progress.tick(2);
    return [
      {
        scenario: 'arithmetic',
        window: options.window ?? '?',
        rows: [
          {
            system: 'a',
            sloViolationPct: options.seed,
            late: 3,
            rejected: 2,
            timedOut: 1,
            dropped: 0,
            p99LatencyMs: 100.04,
            meanCores: 2.5,
            coreSeconds: 3000,
            accuracy: 0.76131,
            objective: 0.5,
          },
          { system: 'b<x>', sloViolationPct: 0, p99LatencyMs: 90, meanCores: 3, coreSeconds: 3600, accuracy: 0.7, objective: 0.4, extra: { resizes: 7 } },
        ],
        sections: [
          { title: 'notes', text: 'hello' },
          { title: 'Targets', text: 'cost ≤ 0.6×: met\naccuracy ≥: MISSED' },
        ],
      },
    ];
  },
};

describe('infscale compare', () => {
  let dir: string;
  beforeAll(() => scenarios.push(arithmetic));
  afterAll(() => scenarios.splice(scenarios.indexOf(arithmetic), 1));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'infscale-compare-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the JSON shape and writes an HTML report', async () => {
    const io = capture();
    expect(await run(['node', 'infscale', 'compare', '--scenario', 'arithmetic', '--seed', '7', '--json', '--out', dir], io)).toBe(0);
    const parsed = JSON.parse(io.stdout[0]);
    expect(parsed.scenario).toBe('arithmetic');
    expect(parsed.window).toBe('short');
    expect(parsed.rows[0]).toEqual({
      system: 'a',
      sloViolationPct: 7,
      late: 3,
      rejected: 2,
      timedOut: 1,
      dropped: 0,
      p99LatencyMs: 100.04,
      meanCores: 2.5,
      coreSeconds: 3000,
      accuracy: 0.76131,
      objective: 0.5,
    });
    expect(readdirSync(dir)).toEqual(['arithmetic-short.html']);
    const html = readFileSync(join(dir, 'arithmetic-short.html'), 'utf8');
    expect(html).toContain('b&lt;x&gt;');
    expect(html).toContain('<th>resizes</th>');
  });

  it('prints a table with the extra columns', async () => {
    const io = capture();
    expect(await run(['node', 'infscale', 'compare', '--scenario', 'arithmetic', '--window', 'long', '--no-report'], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/arithmetic — long/);
    expect(text).toMatch(/system\s+SLO viol\. %\s+late\s+rejected\s+timed out\s+dropped\s+p99 ms\s+mean cores\s+core-s\s+accuracy\s+objective\s+resizes/);
    expect(text).toMatch(/b<x>\s+0\s+90\s+3\s+3600\s+0\.700\s+0\.400\s+7/);
    // The Targets section follows the table, indented; other sections stay in the HTML report.
    expect(text).toContain('\nTargets\n  cost ≤ 0.6×: met\n  accuracy ≥: MISSED');
    expect(text).not.toContain('hello');
  });

  it('passes a flag the scenario declares it reads', async () => {
    given.length = 0;
    expect(await run(['node', 'infscale', 'compare', '--scenario', 'arithmetic', '--upscale-check', 'off', '--no-report'], capture())).toBe(0);
    expect(given.map((o) => o.upscaleCheck)).toEqual(['off']);
  });

  it.each([
    [['--scenario', 'nope'], /--scenario must be one of .*arithmetic.*got "nope"/],
    [['--scenario', 'arithmetic', '--window', 'week'], /--window must be one of short, long for scenario arithmetic, got "week"/],
    [['--scenario', 'arithmetic', '--seed', '-1'], /--seed must be a whole number/],
    [['--scenario', 'arithmetic', '--seed', '0x10'], /--seed must be a whole number from 0 to 4294967295, got "0x10"/],
    // Issue 14, finding 7: a flag that does not apply was silently ignored.
    // The scenarios a flag applies to are the ones that declare they read it (arithmetic is one).
    [
      ['--scenario', 'sponge', '--upscale-check', 'maybe'],
      /--upscale-check applies to arithmetic, infadapter and ipa only \(the check their scalers make between decisions; the others' have none\), got it with scenario sponge/,
    ],
    [['--scenario', 'sponge', '--upscale-check', 'off'], /--upscale-check applies to arithmetic, infadapter and ipa only/],
    [
      ['--scenario', 'arithmetic', '--mode', 'paper'],
      /--mode applies to infadapter and ipa only \(their paper's and improved methods\), got it with scenario arithmetic/,
    ],
    [['--scenario', 'ipa', '--upscale-check', 'maybe'], /--upscale-check must be on or off, got "maybe"/],
    [['--scenario', 'sponge', '--improved-settings', '{}'], /--improved-settings applies to infadapter and ipa only/],
    [['--scenario', 'infadapter', '--improved-settings', '{"burstSpar": {}}'], /burstSpar: unknown field \(did you mean burstSpare\?\)/],
    [['--scenario', 'infadapter', '--improved-settings', '{"burstSpare": {"minRise": 0.5}}'], /burstSpare\.minRise: .*1/],
    [['--scenario', 'ipa', '--improved-settings', '{"swichGain": 0.1}'], /improved\.swichGain: unknown field \(did you mean switchGain\?\)/],
    [
      ['--scenario', 'sponge', '--decide-while-waiting', 'off'],
      /--decide-while-waiting applies to ipa only \(its improved method\), got it with scenario sponge/,
    ],
    // A flag the chosen scenario does not read is refused, not replaced by the scenario's default.
    [
      ['--scenario', 'infadapter', '--workload', 'bursty'],
      /--workload applies to ipa and sponge only \(infadapter picks its load with --window\), got it with scenario infadapter/,
    ],
    [['--scenario', 'infadapter', '--pipeline', 'video'], /--pipeline applies to ipa only \(the pipeline IPA scales\), got it with scenario infadapter/],
    [
      ['--scenario', 'sponge', '--window', 'day'],
      /--window applies to arithmetic and infadapter only \(ipa and sponge pick their load with --workload\), got it with scenario sponge/,
    ],
    [
      ['--scenario', 'sponge', '--mode', 'paper'],
      /--mode applies to infadapter and ipa only \(their paper's and improved methods\), got it with scenario sponge/,
    ],
  ])('rejects %j with exit 2', async (args, message) => {
    const io = capture();
    expect(await run(['node', 'infscale', 'compare', ...args, '--out', dir], io)).toBe(2);
    expect(io.stderr.join('')).toMatch(message);
  });
});
