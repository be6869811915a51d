import type { Command } from 'commander';
import { TRACE_WINDOWS, findWindow, loadTwitterTrace, traceStats, traceWindow, type TraceWindow } from '@infscale/profiles';
import { optionalNumberFlag } from '../number-flag';
import { UsageError, type Io } from '../program';
import { formatTable } from '../table';

/** A second of the trace: whole, ≥ 0 (the upper end is checked against the trace or window). */
const parseSecond = (flag: string, raw: string | undefined) => optionalNumberFlag(flag, raw, { integer: true, min: 0 });

/** Resolves `twitter` (optionally sliced with --from/--to) or a named window to per-second counts. */
export function resolveTrace(name: string, fromRaw?: string, toRaw?: string): { window: TraceWindow; values: number[] } {
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

export function registerTrace(program: Command, io: Io): void {
  const trace = program.command('trace').description('Inspect the bundled Twitter trace and the windows the papers used');
  trace
    .command('show')
    .description('Duration, mean, p99 and max req/s of the trace or a window (twitter, segment, day, bursty, steady-low, steady-high, fluctuating, infadapter-alt)')
    .argument('<name>', 'twitter (the whole ~22-day trace) or a window name')
    .option('--from <s>', 'first second (of the trace, or of the window)')
    .option('--to <s>', 'end second, exclusive')
    .option('--json', 'print one JSON object')
    .action((name: string, opts: { from?: string; to?: string; json?: boolean }) => {
      const { window, values } = resolveTrace(name, opts.from, opts.to);
      const s = traceStats(values);
      const summary = {
        name: window.name,
        description: window.description,
        damping: window.damping,
        durationS: s.seconds,
        meanRps: Number(s.meanRps.toFixed(3)),
        p99Rps: s.p99Rps,
        maxRps: s.maxRps,
        minRps: s.minRps,
        totalRequests: s.totalRequests,
      };
      if (opts.json) return io.out(JSON.stringify(summary));
      io.out(`${window.name}: ${window.description}`);
      io.out(formatTable(['duration s', 'mean req/s', 'p99 req/s', 'max req/s', 'min req/s', 'requests'],
        [[s.seconds, s.meanRps, s.p99Rps, s.maxRps, s.minRps, s.totalRequests]]));
    });
}
