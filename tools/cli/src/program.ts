import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { ConfigError, errorMessage } from '@infscale/core';
import { scalerRegistry, type ScalerRegistry } from '@infscale/scalers';
import { commands } from './commands';
import { NoSolutionError, RunFailedError, UsageError } from './usage-error';

export { NoSolutionError, RunFailedError, UsageError } from './usage-error';

/** This package's version (package.json, read once: the CLI and the apps ship from one repository version). */
const CLI_VERSION = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** What the commands read beyond flags: the scalers by name (a test or an extension may pass more). */
export interface CliContext {
  registry: ScalerRegistry;
}

export const defaultContext: CliContext = { registry: scalerRegistry };

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
};

export function buildProgram(io: Io, context: CliContext = defaultContext): Command {
  const program = new Command('infscale')
    .description(
      'Autoscalers for ML inference that trade accuracy, cost and latency (InfAdapter, IPA, Sponge), with a simulator to compare them against VPA and HPA.',
    )
    .version(CLI_VERSION, '-V, --version', 'print the version of infscale')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  for (const register of commands) register(program, io, context);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  return program;
}

/** Runs the CLI and returns the exit code: 0 ok, 1 failure, 2 bad usage or input, 3 valid input without a solution. */
export async function run(argv: string[], io: Io = processIo, context: CliContext = defaultContext): Promise<number> {
  const program = buildProgram(io, context);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UsageError || err instanceof ConfigError) {
      io.err(`error: ${err.message}`);
      return 2;
    }
    if (err instanceof NoSolutionError) {
      io.err(`no solution: ${err.message}`);
      return 3;
    }
    if (err instanceof RunFailedError) {
      io.err(`error: ${err.message}`);
      return 1;
    }
    io.err(`error: ${err instanceof Error && err.stack ? err.stack : errorMessage(err)}`);
    return 1;
  }
}
