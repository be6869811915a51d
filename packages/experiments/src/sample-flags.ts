import { listFlag, numberFlag } from './report-flags';
import { TRACE_SPLITS, type TraceSplit } from './sampled-windows';

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
}

/** The shared flags' help lines. */
export function sampleFlagsHelp(defaults: { windows: number; minutes: number }): string {
  return [
    '  --split train|test       the first 14 days (tuning) or the rest (default test)',
    `  --windows N              windows per pipeline (default ${defaults.windows})`,
    "  --seed S                 the draw's seed (default 1); name it before looking at the results",
    `  --minutes M              window length (default ${defaults.minutes})`,
    '  --methods M[,M…]         improved, paper or both (default improved,paper)',
    '  --per-window             one line per window and method on stderr as it runs',
  ].join('\n');
}

/** Reads the shared flags, refusing a bad one by name with what is valid. */
export function parseSampleFlags(args: readonly string[], defaults: { windows: number; minutes: number }): SampleFlags {
  const splitArg = args.includes('--split') ? args[args.indexOf('--split') + 1] : 'test';
  if (!splitArg || !Object.hasOwn(TRACE_SPLITS, splitArg)) throw new Error(`--split: train or test (got ${splitArg ?? 'nothing'})`);
  const methods = listFlag(args, '--methods', SAMPLE_METHODS, SAMPLE_METHODS);
  for (const m of methods)
    if (!(SAMPLE_METHODS as readonly string[]).includes(m)) throw new Error(`--methods: unknown method "${m}" (known: ${SAMPLE_METHODS.join(', ')})`);
  return {
    split: splitArg as TraceSplit,
    count: numberFlag(args, '--windows', defaults.windows, (n) => Number.isInteger(n) && n >= 1, 'a whole number of windows ≥ 1'),
    seed: numberFlag(args, '--seed', 1, (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0'),
    minutes: numberFlag(args, '--minutes', defaults.minutes, (n) => Number.isInteger(n) && n >= 2 && n <= 24 * 60, 'whole minutes from 2 to 1440'),
    methods: methods as SampleMethod[],
    perWindow: args.includes('--per-window'),
  };
}
