import { parseEmulatorArgs } from './main-args';

const TABLE = JSON.stringify({ kind: 'table', points: [{ batch: 1, cores: 2, latencyMs: 40 }] });

describe("the emulator process's flags", () => {
  it('reads a variant, a profile and the serving config, on a free loopback port by default', () => {
    expect(parseEmulatorArgs(['--variant', 'resnet18', '--profile', TABLE, '--cores', '2', '--workers', '2'])).toEqual({
      variant: 'resnet18',
      profile: { kind: 'table', points: [{ batch: 1, cores: 2, latencyMs: 40 }] },
      initial: { cores: 2, batch: 1, workers: 2 },
      port: 0,
      host: '127.0.0.1',
    });
  });

  it.each([
    [['--profile', TABLE], /--variant is required/],
    [['--variant', 'x'], /--profile is required/],
    [['--variant', 'x', '--profile', '{'], /--profile must be JSON/],
    [['--variant', 'x', '--profile', '{"kind":"linear"}'], /--profile must have "kind": "table"/],
    [['--variant', 'x', '--profile', TABLE, '--cores', '0'], /--cores must be a number > 0, got "0"/],
    [['--variant', 'x', '--profile', TABLE, '--batch', '1.5'], /--batch must be a whole number > 0, got "1.5"/],
    [['--variant', 'x', '--profile', TABLE, '--port', '70000'], /--port must be 0..65535, got "70000"/],
  ])('%j is refused, naming the flag', (argv, message) => {
    expect(() => parseEmulatorArgs(argv)).toThrow(message);
  });
});
