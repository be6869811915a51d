import type { Command } from 'commander';
import { traceStats } from '@infscale/profiles';
import type { Io } from '../program';
import { formatTable } from '../table';
import { registerTraceRecord } from './trace-record';
import { resolveTraceSource, type TraceFileFlags } from './trace-source';

export function registerTrace(program: Command, io: Io): void {
  const trace = program.command('trace').description('Inspect the bundled Twitter trace and the windows the papers used, or record a trace from Prometheus');
  registerTraceRecord(trace, io);
  trace
    .command('show')
    .description('Duration, mean, p99 and max req/s of the trace, a window (twitter, segment, day, bursty, steady-low, steady-high, fluctuating, infadapter-alt) or your own --trace-file')
    .argument('[name]', 'twitter (the whole ~22-day trace) or a window name; omit with --trace-file')
    .option('--trace-file <path>', 'your own trace: per-second counts (whitespace-separated, gzip allowed) or a CSV with a count/rate column and optional timestamp column')
    .option('--from <s>', 'first second (of the trace, the window or the file)')
    .option('--to <s>', 'end second, exclusive')
    .option('--scale <x>', 'with --trace-file: multiply every count (the total is kept by rounding)')
    .option('--smooth <s>', 'with --trace-file: centered moving mean over s seconds, for sparse traces')
    .option('--column <name>', 'with a CSV --trace-file: the load column (default: count, requests, rate, rps, qps, value…)')
    .option('--timestamp-column <name>', 'with a CSV --trace-file: the time column (default: timestamp, time, ts…)')
    .option('--json', 'print one JSON object')
    .action((name: string | undefined, opts: TraceFileFlags & { json?: boolean }) => {
      const { window, values } = resolveTraceSource(name, opts);
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
