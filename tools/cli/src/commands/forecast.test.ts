import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, type Io } from '../program';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

const cli = async (...args: string[]) => {
  const io = capture();
  const code = await run(['node', 'infscale', 'forecast', ...args], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-forecast-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('infscale forecast', () => {
  it('names the bad flag', async () => {
    expect(await cli('train', '--preset', 'sponge', '--out', dir)).toMatchObject({ code: 2, err: expect.stringMatching(/--preset must be one of infadapter, ipa, got "sponge"/) });
    expect(await cli('train', '--preset', 'ipa')).toMatchObject({ code: 2, err: expect.stringMatching(/--out DIR is required/) });
    expect(await cli('train', '--preset', 'ipa', '--out', dir, '--epochs', '0')).toMatchObject({ code: 2, err: expect.stringMatching(/--epochs must be a whole number ≥ 1, got "0"/) });
    expect(await cli('eval', '--preset', 'ipa', '--stride', 'x')).toMatchObject({ code: 2, err: expect.stringMatching(/--stride/) });
    expect(await cli('train', '--preset', 'ipa', '--out', dir, '--quantile', '1')).toMatchObject({ code: 2, err: expect.stringMatching(/--quantile must be a number in \(0, 1\)/) });
    expect(await cli('train', '--preset', 'ipa', '--out', dir, '--encoding', 'sqrt')).toMatchObject({ code: 2, err: expect.stringMatching(/--encoding must be one of absolute, log-relative, got "sqrt"/) });
  });

  it('trains a (deliberately tiny) model, then evaluates it and refuses it for the other preset', async () => {
    const out = join(dir, 'infadapter');
    const trained = await cli('train', '--preset', 'infadapter', '--out', out, '--epochs', '1', '--stride', '2000', '--quantile', '0.8', '--json');
    expect(trained.code).toBe(0);
    expect(JSON.parse(trained.out)).toMatchObject({ preset: 'infadapter', epochs: 1, strideSteps: 2000, windows: 10, loss: 'pinball τ=0.8' });
    expect(JSON.parse(readFileSync(join(out, 'forecaster.json'), 'utf8')).training.quantile).toBe(0.8);
    expect(trained.err).toMatch(/training infadapter: 100%/);
    expect(JSON.parse(readFileSync(join(out, 'forecaster.json'), 'utf8')).preset).toBe('infadapter');

    const evaluated = await cli('eval', '--preset', 'infadapter', '--model', out, '--stride', '100', '--json');
    expect(evaluated.code).toBe(0);
    const report = JSON.parse(evaluated.out);
    expect(report.rows.map((r: { forecaster: string }) => r.forecaster)).toEqual(['lstm', 'ewma', 'last-max', 'oracle']);
    expect(report.rows[3].metrics).toMatchObject({ smape: 0, underPredictedPercent: 0 });
    for (const row of report.rows) expect(Number.isFinite(row.metrics.smape)).toBe(true);

    const wrong = await cli('eval', '--preset', 'ipa', '--model', out);
    expect(wrong).toMatchObject({ code: 2, err: expect.stringMatching(/--model: .*trained for preset "infadapter", not "ipa"/) });
  }, 60_000);

  it('prints the metrics table of the shipped model', async () => {
    const r = await cli('eval', '--preset', 'ipa', '--stride', '500', '--headroom', '1.2');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/forecaster\s+windows\s+SMAPE %\s+MAPE %\s+under-predicted %/);
    expect(r.out).toMatch(/^oracle\s+\d+\s+0\s+0\s+0/m);
    expect(r.out).toMatch(/^lstm×1\.2\s+\d+/m);
    expect(await cli('eval', '--preset', 'ipa', '--headroom', '0.5')).toMatchObject({ code: 2, err: expect.stringMatching(/--headroom must be a factor ≥ 1/) });
  }, 60_000);
});
