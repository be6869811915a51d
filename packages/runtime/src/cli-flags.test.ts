import { holdingScaler } from '@infscale/scalers/testing';
import type { ScalerApp } from './cli';
import { runAppCli } from './test-support/app-stack';

const app: ScalerApp = { name: 'holder', description: 'Holds.', buildScaler: () => holdingScaler('holder') };
const doc = { prometheus: { serverAddress: 'http://127.0.0.1:9', namespace: 'ns' } };

describe('the command line refuses what it does not know, naming it', () => {
  it('an unknown option is named as unknown, before the missing --config', async () => {
    const run = await runAppCli(app, ['--bogus']);
    expect(run.code).toBe(2);
    expect(run.err).toContain("unknown option '--bogus'");
    expect(run.err).not.toContain('required option');
    // And without one, --config is still required.
    const missing = await runAppCli(app, ['--validate']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("required option '-c, --config <file>' not specified");
  });

  it('LOG_LEVEL that is no level is refused as --log-level is, naming it and the levels', async () => {
    const run = await runAppCli(app, ['-c', 'nonexistent.yaml', '--validate'], { env: { LOG_LEVEL: 'bogus' } });
    expect(run.code).toBe(2);
    expect(run.err).toContain("LOG_LEVEL 'bogus' is invalid");
    expect(run.err).toContain('Allowed choices are debug, info, warn, error, silent.');
    const flag = await runAppCli(app, ['-c', 'nonexistent.yaml', '--validate', '--log-level', 'bogus']);
    expect(flag.code).toBe(2);
    expect(flag.err).toContain('Allowed choices are debug, info, warn, error, silent.');
    // It is not judged when --log-level decides; an empty one is unset; a valid one is the default.
    const stdin = () => JSON.stringify(doc);
    const overridden = await runAppCli(app, ['-c', '-', '--validate', '--log-level', 'warn'], { env: { LOG_LEVEL: 'bogus' }, readStdin: stdin });
    expect(overridden).toMatchObject({ code: 0, out: expect.stringContaining('valid holder config') });
    expect(await runAppCli(app, ['-c', '-', '--validate'], { env: { LOG_LEVEL: '' }, readStdin: stdin })).toMatchObject({ code: 0 });
    const help = await runAppCli(app, ['--help'], { env: { LOG_LEVEL: 'warn' } });
    expect(help.out).toMatch(/--log-level <level>.*\(choices: .*default: "warn"\)/s);
  });
});
