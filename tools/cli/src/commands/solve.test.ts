import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../program';
import { capture } from '../test-support/capture-io';

async function solve(...argv: string[]) {
  const io = capture();
  const code = await run(['node', 'infscale', 'solve', ...argv], io);
  return { code, io, json: () => JSON.parse(io.stdout.join('')) };
}

describe('infscale solve', () => {
  it('infadapter --load 120 --json: an optimal decision whose quotas sum to 120 within 20 cores', async () => {
    const r = await solve('infadapter', '--load', '120', '--json');
    expect(r.code).toBe(0);
    const out = r.json();
    expect(out).toMatchObject({ status: 'optimal', backend: 'search' });
    expect(out.decision.allocations.reduce((s: number, a: { quotaRps: number }) => s + a.quotaRps, 0)).toBe(120);
    expect(out.decision.totalCores).toBeLessThanOrEqual(20);
  });

  it('infadapter --load 900 --capacity table: infeasible with the reason, exit 3', async () => {
    const r = await solve('infadapter', '--load', '900', '--capacity', 'table', '--json');
    expect(r.code).toBe(3);
    expect(r.json()).toMatchObject({
      status: 'infeasible',
      reason: 'load 900 req/s exceeds the most the budget can serve: 473 req/s with resnet18 at 20 cores',
    });
    expect(r.io.stderr.join('')).toBe('no solution: infeasible: load 900 req/s exceeds the most the budget can serve: 473 req/s with resnet18 at 20 cores');
  });

  it('without --json, an infeasible reason is printed once, and --help shows one default of --backend', async () => {
    const r = await solve('ipa', '--load', '5000');
    expect(r.code).toBe(3);
    const all = [...r.io.stdout, ...r.io.stderr].join('\n');
    expect(all.match(/no variant carries 5000 req\/s/g)).toHaveLength(1);
    expect(r.io.stderr.join('')).toMatch(/^no solution: infeasible: stage yolo: no variant carries 5000 req\/s/);
    const help = await solve('ipa', '--help');
    const text = help.io.stdout.join('').replace(/\s+/g, ' ');
    expect(text).toMatch(/--backend <name> backend: search\|enumerate\|glpk\|highs\|jsl; search won the benchmark \(default: "search"\)/);
    expect(text).not.toMatch(/benchmark winner/);
  });

  it('ipa --pipeline video --load 12 --json: one choice per stage within the SLA', async () => {
    const r = await solve('ipa', '--pipeline', 'video', '--load', '12', '--json');
    expect(r.code).toBe(0);
    const out = r.json();
    expect(out.status).toBe('optimal');
    expect(out.decision.stages.map((s: { stage: string }) => s.stage)).toEqual(['yolo', 'resnet-human']);
    expect(out.decision.latencyMs).toBeLessThanOrEqual(4598.242);
  });

  it('ipa with glpk gives the same objective as the default', async () => {
    const a = (await solve('ipa', '--load', '12', '--json')).json();
    const b = (await solve('ipa', '--load', '12', '--json', '--backend', 'glpk')).json();
    expect(b.backend).toBe('glpk');
    expect(b.objective).toBeCloseTo(a.objective, 9);
  });

  it('sponge --load 20 --slo 1000 --queue 820,640 --json', async () => {
    const r = await solve('sponge', '--load', '20', '--slo', '1000', '--queue', '820,640', '--json');
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ status: 'optimal', decision: { requests: 22 } });
  });

  it('sponge reproduces the paper notebook: 5 cores, batch 10', async () => {
    const r = await solve('sponge', '--load', '100', '--arrival-budget', '950', '--headroom', '1', '--profile', 'notebook', '--json');
    expect(r.json()).toMatchObject({ decision: { cores: 5, batch: 10 } });
  });

  it('a readable table without --json', async () => {
    const r = await solve('ipa', '--load', '12');
    expect(r.io.stdout.join('\n')).toMatch(/stage\s+variant\s+batch/);
  });

  it.each([
    [['infadapter', '--load', '-5'], '--load'],
    [['ipa', '--pipeline', 'nope', '--load', '1'], '--pipeline'],
    [['ipa', '--load', '1', '--mode', 'fa2', '--variants', 'yolov5n,resnet999'], '--variants'],
    [['sponge', '--load', '1', '--headroom', 'x'], '--headroom'],
    [['infadapter', '--load', '10', '--backend', 'gurobi'], '--backend'],
    // Issue 14, finding 7: 1e308 printed "infeasible" and exited 0; 0x10 was read as 16.
    [['infadapter', '--load', '1e308'], '--load must be a whole number from 0 to 1000000, got "1e308"'],
    [['ipa', '--load', '1e308'], '--load must be a decimal number from 0 to 1000000, got "1e308"'],
    [['sponge', '--load', '1e308'], '--load must be a decimal number from 0 to 1000000, got "1e308"'],
    [['infadapter', '--load', '0x10'], '--load must be a whole number from 0 to 1000000, got "0x10"'],
    [['sponge', '--load', '10', '--headroom', '0'], '--headroom must be a decimal number > 0 and ≤ 1, got "0"'],
    // A baseline's fixed choice given to another mode was ignored.
    [['ipa', '--load', '12', '--variants', 'yolov5n'], '--variants applies to --mode fa2 only (its fixed variant per stage), got --mode ipa'],
    [['ipa', '--load', '12', '--mode', 'fa2', '--variants', 'yolov5n,resnet18', '--replicas', '1,1'], '--replicas applies to --mode rim only'],
  ])('bad flags exit 2 naming the flag: %j', async (argv, flag) => {
    const r = await solve(...argv);
    expect(r.code).toBe(2);
    expect(r.io.stderr.join('')).toContain(flag);
  });
});

describe('infscale solve sponge --profile-file: the README says a Sponge profile carries slo: {latencyMs}', () => {
  const dir = mkdtempSync(join(tmpdir(), 'solve-sponge-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const profile = (slo: string) => {
    const file = join(dir, 'sponge.yaml');
    writeFileSync(file, `sponge:\n  latencyModel: {gamma: 5, delta: 0, epsilon: 0, eta: 50}\n  slo: ${slo}\n`);
    return file;
  };

  it('takes slo.latencyMs as the SLO; a bare number is refused, naming sponge.slo and its field', async () => {
    const ok = await solve('sponge', '--load', '10', '--queue', '700', '--profile-file', profile('{latencyMs: 800}'), '--json');
    expect(ok.code).toBe(0);
    // The SLO is 800: a queued budget of 900 exceeds it (the default SLO would be 1000).
    const over = await solve('sponge', '--load', '10', '--queue', '900', '--profile-file', profile('{latencyMs: 800}'));
    expect(over.code).toBe(2);
    expect(over.io.stderr.join('')).toContain('cannot exceed --slo 800');
    const bare = await solve('sponge', '--load', '10', '--profile-file', profile('1000'));
    expect(bare.code).toBe(2);
    expect(bare.io.stderr.join('')).toContain('sponge.slo: must be an object {latencyMs}, not a number (got 1000)');
  });
});
