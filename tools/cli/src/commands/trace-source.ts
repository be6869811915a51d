import type { Command } from 'commander';
import { DataError, TRACE_WINDOWS, findWindow, loadTraceFile, loadTwitterTrace, traceWindow, type TraceWindow } from '@infscale/profiles';
import { optionalNumberFlag } from '../number-flag';
import { UsageError } from '../program';

/** The flags every command that replays a trace accepts (trace show, simulate, compare, forecast, loadgen). */
export interface TraceFileFlags {
  traceFile?: string;
  scale?: string;
  from?: string;
  to?: string;
  smooth?: string;
  column?: string;
  timestampColumn?: string;
}

export interface ResolvedTrace {
  window: TraceWindow;
  values: number[];
}

/** A second of the trace: whole, ≥ 0 (the upper end is checked against the trace or window). */
const parseSecond = (flag: string, raw: string | undefined) => optionalNumberFlag(flag, raw, { integer: true, min: 0 });

/** Resolves `twitter` (optionally sliced with --from/--to) or a named window to per-second counts. */
export function resolveTrace(name: string, fromRaw?: string, toRaw?: string): ResolvedTrace {
  const trace = loadTwitterTrace();
  const from = parseSecond('--from', fromRaw);
  const to = parseSecond('--to', toRaw);
  if (name === 'twitter') {
    const start = from ?? 0;
    const end = to ?? trace.length;
    if (end > trace.length) throw new UsageError(`--to must be at most ${trace.length} (the trace's length in seconds), got ${end}`);
    if (start >= end) throw new UsageError(`--from (${start}) must be before --to (${end})`);
    const window: TraceWindow = { name: 'twitter', description: 'Twitter 2021-08 per-second trace', segments: [{ from: start, to: end }], damping: 1 };
    return { window, values: traceWindow(trace, window) };
  }
  if (!(name in TRACE_WINDOWS)) throw new UsageError(`unknown trace "${name}": use twitter or one of ${Object.keys(TRACE_WINDOWS).join(', ')}`);
  const window = findWindow(name);
  const values = traceWindow(trace, window);
  if (from === undefined && to === undefined) return { window, values };
  const start = from ?? 0;
  const end = to ?? values.length;
  if (end > values.length || start >= end) throw new UsageError(`--from/--to must lie within the window's ${values.length} s, with --from before --to`);
  return { window, values: values.slice(start, end) };
}

/** A user's trace file with --scale/--from/--to/--smooth (and CSV column names), as per-second counts. */
export function resolveTraceFile(flags: TraceFileFlags & { traceFile: string }): ResolvedTrace {
  const scale = optionalNumberFlag('--scale', flags.scale, { above: 0, max: 1e6 });
  const from = optionalNumberFlag('--from', flags.from, { integer: true, min: 0 });
  const to = optionalNumberFlag('--to', flags.to, { integer: true, min: 1 });
  const smooth = optionalNumberFlag('--smooth', flags.smooth, { integer: true, min: 1, max: 86_400 });
  try {
    const t = loadTraceFile(flags.traceFile, { scale, from, to, smooth, column: flags.column, timestampColumn: flags.timestampColumn });
    return {
      window: { name: t.name, description: t.description, segments: [{ from: from ?? 0, to: (from ?? 0) + t.counts.length }], damping: 1 },
      values: Array.from(t.counts),
    };
  } catch (err) {
    // A bad file or option is the user's input: exit 2 with the file, line and value.
    if (err instanceof DataError) throw new UsageError(optionNamed(err));
    throw err;
  }
}

/** The flag at fault: a shaping option's own, else --trace-file (the file, its line and value). */
function optionNamed(err: DataError): string {
  const flag: Record<string, string> = { from: '--from', to: '--to', scale: '--scale', smooth: '--smooth' };
  return err.field !== undefined && flag[err.field] && err.row === undefined
    ? `${flag[err.field]}: ${err.problem} (${err.file})`
    : `--trace-file ${err.message}`;
}

type ShapingFlag = Exclude<keyof TraceFileFlags, 'traceFile'>;
const FLAG_NAMES: Record<ShapingFlag, string> = {
  scale: '--scale',
  from: '--from',
  to: '--to',
  smooth: '--smooth',
  column: '--column',
  timestampColumn: '--timestamp-column',
};
/** Flags that shape a file and mean nothing for a bundled trace. */
const FILE_ONLY: readonly ShapingFlag[] = ['scale', 'smooth', 'column', 'timestampColumn'];

/** A UsageError for the first of `which` given without --trace-file. */
export function refuseWithoutFile(flags: TraceFileFlags, which: readonly ShapingFlag[] = FILE_ONLY): void {
  if (flags.traceFile !== undefined) return;
  for (const flag of which) if (flags[flag] !== undefined) throw new UsageError(`${FLAG_NAMES[flag]} applies to --trace-file only`);
}

/** --trace-file when given (then a trace name is an error), else the bundled trace or window `name`. */
export function resolveTraceSource(name: string | undefined, flags: TraceFileFlags): ResolvedTrace {
  if (flags.traceFile !== undefined) {
    if (name !== undefined) throw new UsageError(`give either a trace name ("${name}") or --trace-file, not both`);
    return resolveTraceFile({ ...flags, traceFile: flags.traceFile });
  }
  refuseWithoutFile(flags);
  if (name === undefined) throw new UsageError('name a trace (twitter or a window) or pass --trace-file <path>');
  return resolveTrace(name, flags.from, flags.to);
}

/**
 * The bundled trace a command with --trace <twitter> and --window <name> replays, or undefined with
 * --trace-file (which both would contradict).
 */
export function traceName(flags: TraceFileFlags & { trace?: string; window?: string }): string | undefined {
  if (flags.trace !== undefined && flags.trace !== 'twitter')
    throw new UsageError(`--trace must be twitter (or pass --trace-file <path>), got "${flags.trace}"`);
  if (flags.traceFile !== undefined) {
    if (flags.trace !== undefined || flags.window !== undefined)
      throw new UsageError(`give either ${flags.window !== undefined ? `--window ("${flags.window}")` : '--trace'} or --trace-file, not both`);
    return undefined;
  }
  return flags.window ?? 'twitter';
}

/** Help of the trace-file flags; a command may say more about --trace-file (what it replaces). */
export interface TraceFileHelp {
  traceFile?: string;
  /** Add --from/--to (commands that slice bundled windows have their own). */
  range?: boolean;
  /** Add --scale (loadgen has its own, for every trace). */
  scale?: boolean;
}

/** Adds --trace-file and the flags that shape it, with one wording everywhere. */
export function addTraceFileOptions(command: Command, help: TraceFileHelp = {}): Command {
  command.option(
    '--trace-file <path>',
    help.traceFile ?? 'your own trace: per-second counts (whitespace-separated, gzip allowed) or a CSV with a count/rate column and optional timestamp column',
  );
  if (help.range !== false) {
    command.option('--from <s>', 'with --trace-file: first second of the file').option('--to <s>', 'with --trace-file: end second, exclusive');
  }
  if (help.scale !== false) command.option('--scale <x>', 'with --trace-file: multiply every count (the total is kept by rounding)');
  return command
    .option('--smooth <s>', 'with --trace-file: centered moving mean over s seconds, for sparse traces')
    .option('--column <name>', 'with a CSV --trace-file: the load column (default: count, requests, rate, rps, qps, value…)')
    .option('--timestamp-column <name>', 'with a CSV --trace-file: the time column (default: timestamp, time, ts…)');
}

/** Requests a comparison simulates per system past which the summary suggests --scale (tens of seconds of simulation each). */
export const LARGE_TRACE_REQUESTS = 20_000_000;

/**
 * What was read from a user's trace, for stderr before the runs: its length, total, mean and peak, so a column read as
 * the wrong unit shows at once; past LARGE_TRACE_REQUESTS, that every system simulates every request and --scale shrinks it.
 */
export function traceSummaryLine(name: string, counts: readonly number[]): string {
  const total = counts.reduce((a, b) => a + b, 0);
  const peak = counts.reduce((a, b) => Math.max(a, b), 0);
  const mean = counts.length > 0 ? total / counts.length : 0;
  const line = `${name}: ${counts.length} s, ${total.toLocaleString('en')} requests, mean ${mean.toFixed(1)} req/s, peak ${peak.toLocaleString('en')} req/s`;
  return total > LARGE_TRACE_REQUESTS
    ? `${line}; every system simulates every request, so this takes long: --scale F (e.g. ${(LARGE_TRACE_REQUESTS / 10 / total).toPrecision(1)}) shrinks the counts`
    : line;
}
