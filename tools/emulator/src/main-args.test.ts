import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEmulatorArgs } from './main-args';

const TABLE = JSON.stringify({ kind: 'table', points: [{ batch: 1, cores: 2, latencyMs: 40 }] });
const BASE = ['--variant', 'x', '--profile', TABLE, '--cores', '2'];

describe("the emulator process's flags", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'emulator-args-'));
    writeFileSync(join(dir, 'token'), 'secret-token\n');
    writeFileSync(join(dir, 'empty'), ' \n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a variant, a profile and the serving config; traffic and admin on free loopback ports, bounded, by default', () => {
    expect(parseEmulatorArgs(['--variant', 'resnet18', '--profile', TABLE, '--cores', '2', '--workers', '2'])).toEqual({
      variant: 'resnet18',
      profile: { kind: 'table', points: [{ batch: 1, cores: 2, latencyMs: 40 }] },
      initial: { cores: 2, batch: 1, workers: 2 },
      port: 0,
      host: '127.0.0.1',
      adminPort: 0,
      adminHost: '127.0.0.1',
      adminToken: undefined,
      maxQueue: 1000,
      maxBodyBytes: 16 * 1024 * 1024,
      maxAdminBodyBytes: 1024 * 1024,
    });
  });

  it('reads the admin token from --admin-token-file, which an --admin-host other machines reach needs', () => {
    const options = parseEmulatorArgs([
      ...BASE,
      '--admin-host',
      '0.0.0.0',
      '--admin-port',
      '9001',
      '--admin-token-file',
      join(dir, 'token'),
      '--max-queue',
      '5',
    ]);
    expect(options).toMatchObject({ adminHost: '0.0.0.0', adminPort: 9001, adminToken: 'secret-token', maxQueue: 5 });
  });

  it.each([
    [['--profile', TABLE], /--variant is required/],
    [['--variant', 'x'], /--profile is required/],
    [['--variant', 'x', '--profile', '{'], /--profile must be JSON/],
    [['--variant', 'x', '--profile', '{"kind":"linear"}'], /--profile must have "kind": "table"/],
    [[...BASE, '--cores', '0'], /--cores must be a number > 0, got "0"/],
    [[...BASE, '--batch', '1.5'], /--batch must be a whole number > 0, got "1.5"/],
    [[...BASE, '--port', '70000'], /--port must be 0..65535, got "70000"/],
    [[...BASE, '--admin-port', '8o81'], /--admin-port must be 0..65535, got "8o81"/],
    [[...BASE, '--port', '9000', '--admin-port', '9000'], /--admin-port 9000 must differ from --port/],
    [[...BASE, '--admin-host', '0.0.0.0'], /--admin-host 0\.0\.0\.0 is reachable from other machines: give --admin-token-file <path>/],
    [[...BASE, '--admin-token-file', '/nonexistent/token'], /--admin-token-file \/nonexistent\/token: cannot read it/],
    [[...BASE, '--max-queue', '0'], /--max-queue must be a whole number > 0, got "0"/],
    [[...BASE, '--max-body-bytes', '1e6'], /--max-body-bytes must be a whole number > 0, got "1e6"/],
    [['--variant', 'x', '--profile', TABLE, '--cores', '1'], /--profile cannot serve --batch 1 at --cores 1: the latency table has no row/],
    [[...BASE, '--batch', '2'], /--profile cannot serve --batch 2 at --cores 2/],
  ])('%j is refused, naming the flag', (argv, message) => {
    expect(() => parseEmulatorArgs(argv)).toThrow(message);
  });

  it('refuses an empty token file', () => {
    expect(() => parseEmulatorArgs([...BASE, '--admin-token-file', join(dir, 'empty')])).toThrow(/is empty: it must hold the admin token/);
  });
});
