import type { FlagKind } from '@infscale/core';
import { loadTraceFile, loadTwitterTrace } from '@infscale/profiles';
import { knownListFlag, numberFlag } from './report-flags';
import { splitRange, TRACE_SPLITS, type TraceSplit } from './sampled-windows';

/** The methods both scalers compare: issue #19's and the paper's. */
export const SAMPLE_METHODS = ['improved', 'paper'] as const;
export type SampleMethod = (typeof SAMPLE_METHODS)[number];

/** The flags both sample reports share. */
export interface SampleFlags {
  split: TraceSplit;
  count: number;
  seed: number;
  minutes: number;
  methods: SampleMethod[];
  perWindow: boolean;
  /** Draw from this trace file (whole, as given, times `scale`) instead of a split of the Twitter trace. */
  traceFile?: string;
  /** The CSV trace file's load column, when not named like a count or a rate. */
  column?: string;
  scale: number;
}

/** The shared flags, for refuseUnknownFlags beside each report's own. */
export const SAMPLE_FLAGS: Readonly<Record<string, FlagKind>> = {
  '--split': 'value',
  '--windows': 'value',
  '--seed': 'value',
  '--minutes': 'value',
  '--methods': 'value',
  '--per-window': 'switch',
  '--trace-file': 'value',
  '--scale': 'value',
  '--column': 'value',
};

/** The shared flags' help lines. */
export function sampleFlagsHelp(defaults: { windows: number; minutes: number }): string {
  return [
    '  --split train|test       the first 14 days (tuning) or the rest (default test)',
    `  --windows N              windows per pipeline (default ${defaults.windows})`,
    "  --seed S                 the draw's seed (default 1); name it before looking at the results",
    `  --minutes M              window length (default ${defaults.minutes})`,
    '  --methods M[,M…]         improved, paper or both (default improved,paper)',
    '  --per-window             one line per window and method on stderr as it runs',
    '  --trace-file PATH        draw from your trace instead (per-second counts or CSV, gzip too; the whole file, as',
    '                           given: no split, no damping)',
    "  --scale F                multiply the trace file's counts (default 1)",
    "  --column NAME            the CSV trace file's load column (default: the first named like a count or a rate)",
  ].join('\n');
}

function traceFileFlags(args: readonly string[]): { traceFile?: string; column?: string; scale: number } {
  const i = args.indexOf('--trace-file');
  const traceFile = i < 0 ? undefined : args[i + 1];
  if (i >= 0 && (!traceFile || traceFile.startsWith('--'))) throw new Error('--trace-file: the path of a trace file (per-second counts or CSV)');
  if (traceFile !== undefined && args.includes('--split'))
    throw new Error('--split: applies to the Twitter trace; with --trace-file the windows come from the whole file');
  const scale = numberFlag(args, '--scale', 1, (n) => Number.isFinite(n) && n > 0, 'a factor > 0');
  if (traceFile === undefined && args.includes('--scale')) throw new Error("--scale: applies to --trace-file only (the Twitter windows keep the papers' load)");
  const c = args.indexOf('--column');
  const column = c < 0 ? undefined : args[c + 1];
  if (c >= 0 && (traceFile === undefined || !column || column.startsWith('--')))
    throw new Error("--column: the name of the CSV trace file's load column, with --trace-file");
  return { ...(traceFile !== undefined ? { traceFile } : {}), ...(column !== undefined ? { column } : {}), scale };
}

/** Reads the shared flags, refusing a bad one by name with what is valid. */
export function parseSampleFlags(args: readonly string[], defaults: { windows: number; minutes: number }): SampleFlags {
  const splitArg = args.includes('--split') ? args[args.indexOf('--split') + 1] : 'test';
  if (!splitArg || !Object.hasOwn(TRACE_SPLITS, splitArg)) throw new Error(`--split: train or test (got ${splitArg ?? 'nothing'})`);
  const methods = knownListFlag(args, '--methods', SAMPLE_METHODS, SAMPLE_METHODS, 'method');
  return {
    split: splitArg as TraceSplit,
    count: numberFlag(args, '--windows', defaults.windows, (n) => Number.isInteger(n) && n >= 1, 'a whole number of windows ≥ 1'),
    seed: numberFlag(args, '--seed', 1, (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0'),
    minutes: numberFlag(args, '--minutes', defaults.minutes, (n) => Number.isInteger(n) && n >= 2 && n <= 24 * 60, 'whole minutes from 2 to 1440'),
    methods,
    perWindow: args.includes('--per-window'),
    ...traceFileFlags(args),
  };
}

/** Where the windows are drawn from: a split of the Twitter trace at the scaler's damping, or the user's file. */
export interface SampleSource {
  counts: Int32Array;
  fromS: number;
  toS: number;
  /** Every count is divided by this and truncated (the papers' IPA damping; 1 for a file). */
  damping: number;
  /** For the header line. */
  label: string;
}

export function sampleSource(flags: SampleFlags, twitterDamping: number): SampleSource {
  if (flags.traceFile !== undefined) {
    const file = loadTraceFile(flags.traceFile, { scale: flags.scale, ...(flags.column !== undefined ? { column: flags.column } : {}) });
    return { counts: file.counts, fromS: 0, toS: file.counts.length, damping: 1, label: file.description };
  }
  const counts = loadTwitterTrace();
  const damping = `${twitterDamping === 1 ? 'undamped' : `damped by ${twitterDamping}`}`;
  return { counts, ...splitRange(flags.split, counts.length), damping: twitterDamping, label: `the ${flags.split} split of the Twitter trace, ${damping}` };
}
