import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { runSimulation, seriesToCsv, toJson, type SimResult } from '@infscale/sim';
import { numberFlag, optionalNumberFlag, SEED } from '../number-flag';
import { UsageError, type CliContext, type Io } from '../program';
import { formatTable } from '../table';
import type { RegisterCommand } from './index';
import { scalerRegistry, type ScalerRegistry } from '@infscale/scalers';
import { registeredScaler, simulatedScaler } from './simulate-scalers';
import { buildScenario } from './simulate-scenario';
import { checkOutputFile, writeOutputFile } from './output-file';
import { readUserProfile } from './profile-file';
import { addTraceFileOptions, resolveTraceSource, traceName, type TraceFileFlags } from './trace-source';

interface SimulateFlags extends TraceFileFlags {
  scaler: string;
  profileFile?: string;
  trace?: string;
  window?: string;
  profile: string;
  variant?: string;
  cores?: string;
  replicas?: string;
  batch?: string;
  scalerConfig?: string;
  seed: string;
  interval: string;
  distribution?: string;
  restart?: string;
  series?: string;
  json?: boolean;
}

/** cores, replicas, batch, interval: > 0, and whole where asked; 10 000 is far past any profile. */
const positive = (flag: string, raw: string | undefined, integer: boolean) =>
  optionalNumberFlag(flag, raw, integer ? { integer, min: 1, max: 10_000 } : { above: 0, max: 10_000 });

function parseJsonFlag(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined) return {};
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through to the usage error
  }
  throw new UsageError(`--scaler-config must be a JSON object, got ${raw}`);
}

/** Runs one simulation from the flags and prints its summary; returns the result. `registry` holds the scalers --scaler names. */
export async function simulate(flags: SimulateFlags, io: Io, registry: ScalerRegistry = scalerRegistry): Promise<SimResult> {
  registeredScaler(registry, flags.scaler);
  const { window, values } = resolveTraceSource(traceName(flags), flags);
  const own = readUserProfile(flags.profileFile);
  const seed = numberFlag('--seed', flags.seed, SEED);
  if (flags.distribution !== undefined && flags.distribution !== 'deterministic' && flags.distribution !== 'shifted-exponential') {
    throw new UsageError(`--distribution must be deterministic or shifted-exponential, got "${flags.distribution}"`);
  }
  if (flags.restart !== undefined && flags.restart !== 'evict' && flags.restart !== 'surge')
    throw new UsageError(`--restart must be evict or surge, got "${flags.restart}"`);
  const { config, family, detail } = buildScenario(
    {
      profile: flags.profile,
      variant: flags.variant,
      cores: positive('--cores', flags.cores, false),
      replicas: positive('--replicas', flags.replicas, true),
      batch: positive('--batch', flags.batch, true),
      seed,
      intervalS: positive('--interval', flags.interval, true) ?? 60,
      distribution: flags.distribution as 'deterministic' | 'shifted-exponential' | undefined,
      own,
    },
    values,
  );
  // --series is replaced when it exists (a rerun's), but a path that cannot be written is refused before the run.
  if (flags.series !== undefined) checkOutputFile('--series', flags.series, { replace: true });
  const { scaler, forecaster, restart } = await simulatedScaler(registry, flags.scaler, parseJsonFlag(flags.scalerConfig), family, detail, own);

  const started = Date.now();
  let bar: SingleBar | undefined;
  const result = await runSimulation({
    config,
    scaler,
    ...(forecaster ? { forecaster } : {}),
    actuator: { restartStrategy: (flags.restart as 'evict' | 'surge' | undefined) ?? restart },
    onProgress: (doneMs, totalMs) => {
      // Only runs that last a few seconds get a bar, and only on a terminal.
      if (!bar && process.stderr.isTTY && Date.now() - started > 2000) {
        bar = new SingleBar(
          { format: 'simulate [{bar}] {percentage}% | {value}/{total} simulated s | eta {eta_formatted}', stream: process.stderr, hideCursor: true },
          Presets.shades_classic,
        );
        bar.start(Math.round(totalMs / 1000), 0);
      }
      bar?.update(Math.round(doneMs / 1000));
    },
  });
  bar?.stop();

  if (flags.series) writeOutputFile('--series', flags.series, flags.series.endsWith('.json') ? toJson(result.series, 1) : seriesToCsv(result.series));
  const s = result.summary;
  if (flags.json) {
    io.out(
      toJson({
        scaler: flags.scaler,
        profile: flags.profile,
        window: window.name,
        seed,
        ...s,
        ...(result.lastActuatorError ? { lastActuatorError: result.lastActuatorError } : {}),
      } as never),
    );
  } else {
    io.out(`${flags.scaler} on ${flags.profile}, ${window.name} (${s.durationS} s, seed ${seed})`);
    io.out(
      formatTable(
        [
          'requests',
          'SLO violations',
          'late',
          'rejected',
          'timed out',
          'dropped',
          'p50 ms',
          'p95 ms',
          'p99 ms',
          'core·s',
          'mean cores',
          'accuracy',
          'decisions',
        ],
        [
          [
            s.arrived,
            s.sloViolationRate,
            s.late,
            s.rejected,
            s.timedOut,
            s.dropped,
            s.latencyMs.p50,
            s.latencyMs.p95,
            s.latencyMs.p99,
            s.coreSeconds,
            s.meanCores,
            s.accuracy,
            s.decisions,
          ].map((v) => (Number.isFinite(v) ? v : '-')),
        ],
      ),
    );
    if (result.lastActuatorError) io.out(`last actuator error: ${result.lastActuatorError}`);
  }
  return result;
}

export const registerSimulate: RegisterCommand = (program: Command, io: Io, { registry }: CliContext) => {
  const command = program
    .command('simulate')
    .description('Run a scaler (vpa, hpa, static, …) on a trace in the discrete-event simulator and print SLO violations, latency, cost and accuracy')
    .requiredOption('--scaler <name>', `scaler: ${registry.names.join(', ')}`)
    .option('--trace <name>', 'trace (twitter, the default)')
    .option('--window <name>', 'named window of the trace (segment, day, bursty, steady-low, steady-high, fluctuating, infadapter-alt)')
    .option('--from <s>', 'first second (of the trace, of --window or of --trace-file)')
    .option('--to <s>', 'end second, exclusive');
  addTraceFileOptions(command, {
    range: false,
    traceFile: 'your own trace instead of --trace/--window: per-second counts (whitespace-separated, gzip allowed) or a CSV with a count/rate column',
  });
  command
    .option('--profile <name>', 'infadapter | ipa:<pipeline> | sponge', 'infadapter')
    .option(
      '--profile-file <path>',
      "with --profile infadapter or sponge: your own model (a YAML/JSON file with the chart's infadapter or sponge section, as `infscale profile` writes it) instead of the paper's",
    )
    .option('--variant <name>', 'starting variant (infadapter; default the most accurate, resnet152)')
    .option('--cores <n>', 'starting cores per pod (infadapter: default the budget, 20)')
    .option('--replicas <n>', 'starting replicas per deployment')
    .option('--batch <n>', 'starting batch size (ipa, sponge)')
    .option('--scaler-config <json>', 'scaler configuration as a JSON object')
    .option('--distribution <name>', 'service time: deterministic | shifted-exponential')
    .option(
      '--restart <how>',
      `restart-based resizes: evict (VPA Recreate) | surge (a Deployment rollout); default surge for ${registry.entries
        .filter((e) => e.rollout === 'surge')
        .map((e) => e.name)
        .join(' and ')}, evict otherwise`,
    )
    .option('--seed <n>', 'random seed', '1')
    .option('--interval <s>', 'time-series row length in seconds', '60')
    .option('--series <file>', 'write the per-interval time series (.csv, or .json)')
    .option('--json', 'print the summary as one JSON object')
    .action(async (flags: SimulateFlags) => {
      await simulate(flags, io, registry);
    });
};
