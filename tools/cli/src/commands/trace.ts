import type { Command } from 'commander';
import { traceStats } from '@infscale/profiles';
import type { Io } from '../program';
import { formatTable } from '../table';
import { registerTraceRecord } from './trace-record';
import { registerTraceSynth } from './trace-synth';
import { addTraceFileOptions, resolveTraceSource, type TraceFileFlags } from './trace-source';

export function registerTrace(program: Command, io: Io): void {
  const trace = program
    .command('trace')
    .description('Inspect the bundled Twitter trace and the windows the papers used, record a trace from Prometheus, or write a synthetic one');
  registerTraceRecord(trace, io);
  registerTraceSynth(trace, io);
  const show = trace
    .command('show')
    .description(
      'Duration, mean, p99 and max req/s of the trace, a window (twitter, segment, day, bursty, steady-low, steady-high, fluctuating, infadapter-alt) or your own --trace-file',
    )
    .argument('[name]', 'twitter (the whole ~22-day trace) or a window name; omit with --trace-file')
    .option('--from <s>', 'first second (of the trace, the window or the file)')
    .option('--to <s>', 'end second, exclusive');
  addTraceFileOptions(show, { range: false })
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
      // A file's description already starts with its name ("frac.txt: per-second counts").
      io.out(window.description.startsWith(`${window.name}:`) ? window.description : `${window.name}: ${window.description}`);
      io.out(
        formatTable(
          ['duration s', 'mean req/s', 'p99 req/s', 'max req/s', 'min req/s', 'requests'],
          [[s.seconds, s.meanRps, s.p99Rps, s.maxRps, s.minRps, s.totalRequests]],
        ),
      );
    });
}
