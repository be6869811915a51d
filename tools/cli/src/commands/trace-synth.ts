import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Command } from 'commander';
import { ConfigError } from '@infscale/core';
import { MAX_SYNTHETIC_RPS, MAX_SYNTHETIC_SECONDS, SYNTHETIC_SHAPES, syntheticTrace, type SyntheticShape } from '@infscale/experiments';
import { traceStats } from '@infscale/profiles';
import { SEED, numberFlag, optionalNumberFlag } from '../number-flag';
import { UsageError, type Io } from '../program';
import { formatTable } from '../table';
import { checkOutputFile, writeOutputFile } from './output-file';

export interface TraceSynthFlags {
  shape?: string;
  base: string;
  peak: string;
  period?: string;
  seconds: string;
  seed: string;
  output?: string;
  force?: boolean;
  json?: boolean;
}

/** Writes a synthetic per-second trace (one count per line; gzip when the name ends in .gz) and prints its figures. */
export function traceSynth(flags: TraceSynthFlags, io: Io): void {
  if (flags.shape === undefined) throw new UsageError(`--shape is required: one of ${SYNTHETIC_SHAPES.join(', ')}`);
  if (!(SYNTHETIC_SHAPES as readonly string[]).includes(flags.shape))
    throw new UsageError(`--shape must be one of ${SYNTHETIC_SHAPES.join(', ')}, got "${flags.shape}"`);
  if (flags.output === undefined || flags.output === '')
    throw new UsageError('-o/--output is required: the file to write (name.txt, or name.txt.gz to gzip it)');
  const baseRps = numberFlag('--base', flags.base, { min: 0, max: MAX_SYNTHETIC_RPS });
  const peakRps = numberFlag('--peak', flags.peak, { min: baseRps, max: MAX_SYNTHETIC_RPS });
  const periodS = optionalNumberFlag('--period', flags.period, { integer: true, min: 2 });
  const seconds = numberFlag('--seconds', flags.seconds, { integer: true, min: 1, max: MAX_SYNTHETIC_SECONDS });
  const seed = numberFlag('--seed', flags.seed, SEED);
  checkOutputFile('-o', flags.output, { replace: flags.force });
  let counts: number[];
  try {
    counts = syntheticTrace({ shape: flags.shape as SyntheticShape, seconds, baseRps, peakRps, seed, ...(periodS !== undefined ? { periodS } : {}) });
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
  const text = counts.join('\n') + '\n';
  writeOutputFile('-o', flags.output, flags.output.endsWith('.gz') ? gzipSync(text) : text);
  const s = traceStats(counts);
  const summary = {
    file: flags.output,
    shape: flags.shape,
    baseRps,
    peakRps,
    ...(periodS !== undefined ? { periodS } : {}),
    seed,
    durationS: s.seconds,
    meanRps: Number(s.meanRps.toFixed(3)),
    p99Rps: s.p99Rps,
    maxRps: s.maxRps,
    totalRequests: s.totalRequests,
  };
  if (flags.json) return io.out(JSON.stringify(summary));
  io.out(`wrote ${flags.output}: ${flags.shape} between ${baseRps} and ${peakRps} req/s, Poisson arrivals, seed ${seed}`);
  io.out(formatTable(['duration s', 'mean req/s', 'p99 req/s', 'max req/s', 'requests'], [[s.seconds, s.meanRps, s.p99Rps, s.maxRps, s.totalRequests]]));
  // Absolute: npm runs a workspace script in its package's folder, where a relative name is not found.
  const path = resolve(flags.output);
  io.out(
    `use it with --trace-file ${path} (e.g. infscale compare --scenario infadapter --trace-file ${path}, or npm run infadapter-sample -w @infscale/experiments -- --trace-file ${path})`,
  );
}

export function registerTraceSynth(trace: Command, io: Io): void {
  trace
    .command('synth')
    .description(
      'Write a synthetic per-second trace (Poisson arrivals) of a shape the Twitter trace holds little of, to try a scaler on load it was not tuned on: ' +
        'sine (a smooth swing between --base and --peak, trough to trough in --period), ramp (a straight rise to --peak over half --period and back), ' +
        'steps (plateaus drawn in [--base, --peak], each held 2-6 minutes, jumping at once), spikes (--base with flash crowds at --peak, 10-60 s long, every 3-8 minutes)',
    )
    .option('--shape <shape>', `one of ${SYNTHETIC_SHAPES.join(', ')}`)
    .option('--base <rps>', 'least rate, req/s (the trough, the floor of the steps, the level between spikes)', '30')
    .option('--peak <rps>', 'highest rate, req/s (the crest, the top of the steps, a spike)', '220')
    .option('--period <s>', 'sine and ramp: seconds from one trough to the next (default 2400)')
    .option('--seconds <s>', `length, s (at most ${MAX_SYNTHETIC_SECONDS}, a week)`, '21600')
    .option('--seed <n>', 'seeds the plateaus, the spikes and the arrivals: the same seed writes the same file', '1')
    .option('-o, --output <file>', 'the file to write: one count per line, gzip if it ends in .gz (refused if it exists, unless --force)')
    .option('--force', 'replace the output file if it exists')
    .option('--json', 'print the summary as one JSON object')
    .action((flags: TraceSynthFlags) => traceSynth(flags, io));
}
