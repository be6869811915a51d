import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paperProtocolModelDir, pretrainedDir } from '@infscale/forecasting';
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
    expect(await cli('train', '--preset', 'sponge', '--out', dir)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--preset must be one of infadapter, ipa, got "sponge"/),
    });
    expect(await cli('train', '--preset', 'ipa')).toMatchObject({ code: 2, err: expect.stringMatching(/--out DIR is required/) });
    expect(await cli('train', '--preset', 'ipa', '--out', dir, '--epochs', '0')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--epochs must be a whole number from 1 to 1000000, got "0"/),
    });
    expect(await cli('eval', '--preset', 'ipa', '--stride', 'x')).toMatchObject({ code: 2, err: expect.stringMatching(/--stride/) });
    expect(await cli('train', '--preset', 'ipa', '--out', dir, '--quantile', '1')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--quantile must be a decimal number > 0 and < 1, got "1"/),
    });
    expect(await cli('train', '--preset', 'ipa', '--out', dir, '--encoding', 'sqrt')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--encoding must be one of absolute, log-relative, got "sqrt"/),
    });
    expect(await cli('train', '--preset', 'ipa', '--out', dir, '--features', 'max,p99')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--features: unknown feature "p99": expected a comma-separated list of max, mean, level<seconds> starting with max/),
    });
    expect(await cli('train', '--preset', 'ipa', '--out', dir, '--features', 'mean')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--features must start with max, got mean/),
    });
    for (const bad of ['0', '-8', '1.5', 'x']) {
      expect(await cli('train', '--preset', 'ipa', '--out', dir, '--damping', bad)).toMatchObject({
        code: 2,
        err: expect.stringContaining(`--damping must be a whole number from 1 to 1000000, got "${bad}"`),
      });
    }
    expect(await cli('eval', '--preset', 'ipa', '--damping', '0')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--damping must be a whole number from 1 to 1000000, got "0"'),
    });
    expect(await cli('eval', '--preset', 'ipa', '--protocol', 'ipa')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--protocol must be one of issue, paper, validation, got "ipa"/),
    });
    expect(await cli('eval', '--preset', 'infadapter', '--protocol', 'paper')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--protocol paper .* needs --preset ipa, got "infadapter"/),
    });
    expect(await cli('eval', '--preset', 'ipa', '--protocol', 'paper', '--upper')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--upper: no upper model is shipped for --protocol paper/),
    });
  });

  it("scores the IPA paper's window (day 15, 20 minutes, undamped) with the shipped undamped model, and says so", async () => {
    const r = await cli('eval', '--preset', 'ipa', '--protocol', 'paper', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({
      preset: 'ipa',
      protocol: 'paper',
      damping: 1,
      fromSecond: 1_296_000,
      toSecond: 1_297_200,
      modelDamping: 1,
      model: paperProtocolModelDir(),
      strideSteps: 1,
    });
    expect(report.rows.map((row: { forecaster: string }) => row.forecaster)).toEqual(['lstm', 'ewma', 'last-max', 'oracle']);
    for (const row of report.rows) expect(row.metrics.windows).toBe(107);
    const table = await cli('eval', '--preset', 'ipa', '--protocol', 'paper');
    expect(table.out).toMatch(/^ipa preset, paper protocol \(IPA's evaluation\.py\): trace seconds \[1296000, 1297200\) = day 15, first 20 minutes, damping 1/);
    expect(table.out).toMatch(/^lstm\s+107\s/m);
  }, 60_000);

  it("refuses a model trained at another damping than the protocol's unless told to score it anyway", async () => {
    const damped = pretrainedDir('ipa');
    const refused = await cli('eval', '--preset', 'ipa', '--protocol', 'paper', '--model', damped);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`--model ${damped}: the model was trained at damping 8, the evaluated series is at damping 1 (--protocol paper)`);
    expect(refused.err).toMatch(/forecast train --preset ipa --damping 1`, or pass --allow-damping-mismatch/);
    const allowed = await cli('eval', '--preset', 'ipa', '--protocol', 'paper', '--model', damped, '--allow-damping-mismatch', '--json');
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.out)).toMatchObject({ protocol: 'paper', damping: 1, modelDamping: 8 });
    // The other way round: the undamped model on the damped test split.
    const other = await cli('eval', '--preset', 'ipa', '--model', paperProtocolModelDir(), '--stride', '500');
    expect(other).toMatchObject({ code: 2, err: expect.stringMatching(/trained at damping 1, the evaluated series is at damping 8 \(--protocol issue\)/) });
    const undamped = await cli('eval', '--preset', 'ipa', '--model', paperProtocolModelDir(), '--stride', '500', '--damping', '1', '--json');
    expect(undamped.code).toBe(0);
    expect(JSON.parse(undamped.out)).toMatchObject({ protocol: 'issue', damping: 1, modelDamping: 1, fromSecond: 14 * 86_400 });
  }, 60_000);

  it('trains at another damping when asked and records it in the model', async () => {
    const out = join(dir, 'ipa-undamped');
    const trained = await cli(
      'train',
      '--preset',
      'ipa',
      '--out',
      out,
      '--damping',
      '1',
      '--epochs',
      '1',
      '--stride',
      '2000',
      '--features',
      'max,mean',
      '--json',
    );
    expect(trained.code).toBe(0);
    expect(JSON.parse(trained.out)).toMatchObject({ preset: 'ipa', damping: 1, epochs: 1, strideSteps: 2000, features: 'max,mean' });
    expect(JSON.parse(readFileSync(join(out, 'forecaster.json'), 'utf8')).training).toMatchObject({ damping: 1, features: ['max', 'mean'] });
    expect(JSON.parse((await cli('eval', '--preset', 'ipa', '--protocol', 'paper', '--model', out, '--json')).out)).toMatchObject({
      protocol: 'paper',
      modelDamping: 1,
    });
  }, 60_000);

  it('holds the validation days out when asked, and scores only such a model on them', async () => {
    expect(await cli('train', '--preset', 'ipa', '--out', dir, '--train-days', '15')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--train-days must be a whole number from 1 to 14, got "15"'),
    });
    const refused = await cli('eval', '--preset', 'ipa', '--protocol', 'validation');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/--protocol validation: the shipped model .*trained on the first 14 days, which include the validation days/);
    expect(refused.err).toContain('forecast train --preset ipa --train-days 12');
    const out = join(dir, 'ipa-12-days');
    const trained = await cli('train', '--preset', 'ipa', '--out', out, '--train-days', '12', '--epochs', '1', '--stride', '2000', '--json');
    expect(trained.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'forecaster.json'), 'utf8')).training.trainDays).toBe(12);
    const scored = await cli('eval', '--preset', 'ipa', '--protocol', 'validation', '--model', out, '--stride', '500', '--json');
    expect(scored.code).toBe(0);
    expect(JSON.parse(scored.out)).toMatchObject({ protocol: 'validation', damping: 8, fromSecond: 12 * 86_400, toSecond: 14 * 86_400 });
  }, 60_000);

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
    expect(report).toMatchObject({ protocol: 'issue', damping: 1, modelDamping: 1 });
    expect(report.rows.map((r: { forecaster: string }) => r.forecaster)).toEqual(['lstm', 'ewma', 'last-max', 'oracle']);
    expect(report.rows[3].metrics).toMatchObject({ smape: 0, underPredictedPercent: 0 });
    for (const row of report.rows) expect(Number.isFinite(row.metrics.smape)).toBe(true);

    const wrong = await cli('eval', '--preset', 'ipa', '--model', out);
    expect(wrong).toMatchObject({ code: 2, err: expect.stringMatching(/--model: .*trained for preset "infadapter", not "ipa"/) });
  }, 60_000);

  it('refuses an --out that holds a model (unless --force) or is a file, before training', async () => {
    const out = join(dir, 'kept');
    const tiny = ['train', '--preset', 'ipa', '--epochs', '1', '--stride', '2000', '--json'];
    expect((await cli(...tiny, '--out', out)).code).toBe(0);
    const before = readFileSync(join(out, 'weights.bin'));
    const again = await cli(...tiny, '--out', out, '--seed', '7');
    expect(again).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--out .*kept holds a trained model \(model\.json, weights\.bin, forecaster\.json\): .*--force/),
    });
    expect(again.err).not.toMatch(/training/);
    expect(readFileSync(join(out, 'weights.bin'))).toEqual(before);
    const forced = await cli(...tiny, '--out', out, '--seed', '7', '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(join(out, 'weights.bin'))).not.toEqual(before);

    const file = join(dir, 'a-file');
    writeFileSync(file, 'mine');
    const onFile = await cli(...tiny, '--out', file);
    expect(onFile).toMatchObject({ code: 2, err: expect.stringMatching(/--out .*a-file: it is a file; name a folder/) });
    expect(onFile.err).not.toMatch(/training|EEXIST|at /);
    expect(readFileSync(file, 'utf8')).toBe('mine');
  }, 60_000);

  it('prints the metrics table of the shipped model', async () => {
    const r = await cli('eval', '--preset', 'ipa', '--stride', '500', '--headroom', '1.2', '--history', '120');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^lstm@120s\s+\d+/m);
    expect(await cli('eval', '--preset', 'ipa', '--history', '0')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--history must be a whole number from 1 to 86400, got "0"/),
    });
    expect(r.out).toMatch(/forecaster\s+windows\s+SMAPE %\s+MAPE %\s+under-predicted %/);
    expect(r.out).toMatch(/^oracle\s+\d+\s+0\s+0\s+0/m);
    expect(r.out).toMatch(/^lstm×1\.2\s+\d+/m);
    expect(await cli('eval', '--preset', 'ipa', '--headroom', '0.5')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--headroom must be a decimal number from 1 to 100, got "0.5"/),
    });
  }, 60_000);
});
