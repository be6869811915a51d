import { ConfigError, errorMessage, formatDuration, type Forecaster, type Scaler, errorStack } from '@infscale/core';
import { Command, CommanderError, Option } from 'commander';
import type { z } from 'zod';
import type { ScalerProcessDeps } from './assemble';
import { cliHelpFooter } from './cli-help';
import type { Env } from './env-overrides';
import { JsonLogger, LOG_LEVELS, isLogLevel, type LogLevel } from './json-logger';
import { parseConfigText, readConfigText, sourceName, STDIN } from './config-file';
import { scalerConfigFromStream } from './config-stream';
import type { AfterPlan } from './post-plan';
import { checkFlags } from './cli-flags';
import { loadConnection, parseProcessConfig, scalerSectionError, type ProcessConfig } from './process-config';
import { onceExitCode, runOnce } from './run-once';
import { runScalerProcess } from './scaler-process';
import type { SignalSource } from './shutdown-signals';

export type ScalerBuild<State> = Scaler<State> | { scaler: Scaler<State>; forecaster?: Forecaster; afterPlan?: AfterPlan };

/** What an app tells the CLI about itself. */
export interface ScalerApp<State = unknown> {
  /** infadapter, ipa, sponge…: metric prefix, scaler label, lease name. */
  name: string;
  /** One line for --help. */
  description: string;
  version?: string;
  /** Builds the Scaler (and forecaster) from the document's `scaler` section; throws ConfigError on a bad one. */
  buildScaler(section: Record<string, unknown>, config: ProcessConfig): ScalerBuild<State> | Promise<ScalerBuild<State>>;
  /** The `scaler` section's schema: --help lists its fields, types, defaults and `.describe()` texts. */
  configSchema?: z.ZodType;
}

/** Where the CLI talks and what it runs with; all default to the real process. */
export interface CliIo {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  env?: Env;
  /** Called with the exit code at the end (default process.exit). */
  exit?: (code: number) => void;
  signals?: SignalSource | false;
  deps?: ScalerProcessDeps;
  /** What `--config -` reads (default: all of standard input). */
  readStdin?: () => string;
}

interface Flags {
  config: string;
  dryRun?: boolean;
  once?: boolean;
  validate?: boolean;
  logLevel?: LogLevel;
}

function command(app: ScalerApp, env: Env, out: (t: string) => void, err: (t: string) => void): Command {
  const envLevel = env.LOG_LEVEL && isLogLevel(env.LOG_LEVEL) ? env.LOG_LEVEL : 'info';
  const cmd = new Command(app.name)
    .description(app.description)
    // Checked after parsing (checkFlags), not as commander's requiredOption: commander reports a missing
    // required option before an unknown one, so `--bogus` would be answered with "required option -c".
    .option(
      '-c, --config <file>',
      '(required) the config document (YAML or JSON): sections scaler, prometheus, kubernetes, server, loop; "-" reads standard input',
    )
    .option('--dry-run', 'decide and log every decision, but write nothing to the cluster (no leader election); same as loop.dryRun: true')
    .option(
      '--once',
      'run one tick now, print its decision record as JSON on stdout (logs go to stderr), wait for its plan, and exit: 0 when it decided ' +
        '(a hold included) and its plan finished, 1 when it could not decide (cluster, metrics, forecaster or scaler failed: the record ' +
        'says which in failedAt) or its plan failed',
    )
    .option(
      '--validate',
      'check the config (file + environment, as the process would read it) and exit: 0 and a one-line summary, or 2 naming the file and field. ' +
        'Touches neither Prometheus nor the cluster. Also accepts a stream of several documents, as `helm template` prints the chart: ' +
        'it then checks the one ScalerConfig in it (a kind: ScalerConfig document, or a ConfigMap holding one), e.g. helm template … | ' +
        `${app.name} --validate -c -`,
    )
    .addOption(
      new Option('--log-level <level>', 'lowest level written as JSON lines (default: LOG_LEVEL, else info)').choices([...LOG_LEVELS]).default(envLevel),
    )
    .addHelpText('after', cliHelpFooter(app.name, app.configSchema))
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err });
  if (app.version) cmd.version(app.version);
  return cmd;
}

/** The one line --validate prints for a valid config: what the process would run with. */
function validSummary(name: string, source: string, config: ProcessConfig, tickMs: number): string {
  const k = config.kubernetes;
  const election = k.dryRun
    ? 'no leader election (dry run)'
    : k.leaderElection.enabled
      ? `leader election on (lease ${k.leaderElection.leaseDurationSeconds} s)`
      : 'leader election off';
  const writes = k.dryRun ? 'dry run: writes nothing' : 'writes to the cluster';
  return `${source}: valid ${name} config: namespace ${k.namespace}, a tick every ${formatDuration(tickMs)}, Prometheus ${config.prometheus.serverAddress}, ${writes}, ${election}`;
}

/**
 * The whole command line of a scaler app: flags → config (file + environment) → the app's Scaler →
 * runScalerProcess until SIGTERM/SIGINT, one tick with --once, or only the checks with --validate.
 * Exit codes: 0 done (or valid), 1 failure, 2 bad flags or config (the ConfigError's message names
 * the file and field).
 * `argv` are the arguments after the script: process.argv.slice(2).
 */
export async function scalerCli<State>(argv: readonly string[], app: ScalerApp<State>, io: CliIo = {}): Promise<number> {
  const out = io.stdout ?? ((t: string) => void process.stdout.write(t));
  const err = io.stderr ?? ((t: string) => void process.stderr.write(t));
  const env = io.env ?? process.env;
  const exit = io.exit ?? ((code: number) => process.exit(code));
  const code = await run(argv, app, io, env, out, err).catch((e: unknown) => {
    err(`${app.name}: ${errorMessage(e)}\n`);
    return 1;
  });
  exit(code);
  return code;
}

async function run<State>(
  argv: readonly string[],
  app: ScalerApp<State>,
  io: CliIo,
  env: Env,
  out: (t: string) => void,
  err: (t: string) => void,
): Promise<number> {
  let flags: Flags;
  try {
    const cmd = command(app, env, out, err).parse([...argv], { from: 'user' });
    checkFlags(cmd, env);
    flags = cmd.opts<Flags>();
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2; // help/version, or a usage error already printed
    throw e;
  }
  // With --once, stdout carries only the decision; the logs go to stderr.
  const logger = new JsonLogger({ level: flags.logLevel ?? 'info', write: flags.once ? err : out, base: { scaler: app.name } });
  const deps: ScalerProcessDeps = { logger, env, ...io.deps };
  let config: ProcessConfig;
  let build: ScalerBuild<State>;
  let source = sourceName(flags.config);
  try {
    const text = flags.config === STDIN && io.readStdin ? io.readStdin() : readConfigText(flags.config);
    const picked = flags.validate ? scalerConfigFromStream(text, source) : { raw: parseConfigText(text, source), source };
    source = picked.source;
    config = parseProcessConfig(picked.raw, source, { name: app.name, env, dryRun: flags.dryRun === true });
    try {
      build = await app.buildScaler(config.scaler, config);
    } catch (e) {
      throw e instanceof ConfigError ? scalerSectionError(e, source, picked.raw) : e;
    }
    // The connection is config too: one that cannot work here (in-cluster outside a pod, no such
    // kubeconfig or context) names its kubernetes.connection field now, before anything runs.
    // Not with --validate, which judges the document, not the machine it runs on.
    if (!flags.validate) deps.kubeConfig ??= loadConnection(config, source, picked.raw, deps.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    err(`${app.name}: invalid configuration: ${e.message}\n`);
    return 2;
  }
  const { scaler, forecaster, afterPlan } = 'decide' in build ? { scaler: build, forecaster: undefined, afterPlan: undefined } : build;
  if (flags.validate) {
    out(`${validSummary(app.name, source, config, scaler.intervalMs)}\n`);
    return 0;
  }
  const options = { name: app.name, scaler, forecaster, afterPlan, config, deps };
  try {
    if (flags.once) {
      const once = await runOnce(options);
      out(JSON.stringify(once.record) + '\n');
      return onceExitCode(app.name, once, logger);
    }
    const running = await runScalerProcess({ ...options, signals: io.signals });
    await running.stopped;
    return 0;
  } catch (e) {
    // A setting that only shows when used: a config error, exit 2, as its thrower named it (the
    // connection, the one such setting known here, was loaded above and named its own field).
    if (e instanceof ConfigError) {
      err(`${app.name}: invalid configuration: ${e.message}\n`);
      return 2;
    }
    logger.error(`${app.name} failed`, { error: errorMessage(e), stack: errorStack(e) });
    return 1;
  }
}
