import type { Command } from 'commander';
import { runLoad } from '@infscale/profiler';
import { numberFlag, optionalNumberFlag, SEED } from '../number-flag';
import { RunFailedError, UsageError, type Io } from '../program';
import { formatTable } from '../table';
import type { RegisterCommand } from './index';
import { formatFailures, isLoopbackUrl, scaledCounts, summarize, type LoadSummary } from './loadgen-summary';
import { addTraceFileOptions, resolveTraceSource, traceName, type TraceFileFlags } from './trace-source';

interface LoadgenFlags extends Omit<TraceFileFlags, 'scale'> {
  url: string;
  trace?: string;
  window?: string;
  seed: string;
  /** loadgen's own: multiplies any trace's counts, the file's too. */
  scale: string;
  maxSeconds?: string;
  timeoutMs: string;
  allowRemote?: boolean;
  json?: boolean;
}

function targetUrl(raw: string, allowRemote: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url must be an http URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:') throw new UsageError(`--url must be http://…, got "${raw}"`);
  // A load generator aimed at someone else's server is an attack: loopback unless said otherwise.
  if (!isLoopbackUrl(url) && !allowRemote)
    throw new UsageError(`--url ${raw} is not on loopback (127.0.0.1, localhost, [::1]); pass --allow-remote to send to it`);
  return url;
}

/** Replays a trace window as open-loop POSTs (the emulator's runLoad) and returns the summary. */
export async function loadgen(flags: LoadgenFlags, io: Io): Promise<LoadSummary> {
  const url = targetUrl(flags.url, flags.allowRemote === true);
  const seed = numberFlag('--seed', flags.seed, SEED);
  const scale = numberFlag('--scale', flags.scale, { above: 0, max: 1_000 });
  const maxSeconds = optionalNumberFlag('--max-seconds', flags.maxSeconds, { above: 0, max: 30 * 86_400 });
  const timeoutMs = numberFlag('--timeout-ms', flags.timeoutMs, { integer: true, min: 1, max: 3_600_000 });
  const { window, values } = resolveTraceSource(traceName(flags), { ...flags, scale: undefined });
  const counts = scaledCounts(values, scale, maxSeconds === undefined ? undefined : Math.ceil(maxSeconds));
  const planned = Math.round(counts.reduce((a, b) => a + Math.round(b), 0));
  io.err(`loadgen: ${window.name}, ${counts.length} s, ~${planned} requests to ${url.href}`);

  const startMs = Date.now();
  // runLoad reports nothing until the end: progress is the schedule's position, once a second.
  const progress = setInterval(() => io.err(`loadgen: ${((Date.now() - startMs) / 1000).toFixed(0)}/${counts.length} s`), 1_000);
  try {
    const result = await runLoad({
      url: url.href,
      allowRemote: flags.allowRemote === true,
      countsPerSecond: counts,
      seed,
      maxDurationMs: maxSeconds === undefined ? undefined : maxSeconds * 1000,
      requestTimeoutMs: timeoutMs,
    });
    return summarize(result, {
      url: url.href,
      trace: window.name,
      seconds: counts.length,
      scale,
      seed,
      durationS: Number(((Date.now() - startMs) / 1000).toFixed(3)),
    });
  } finally {
    clearInterval(progress);
  }
}

export const registerLoadgen: RegisterCommand = (program: Command, io: Io) => {
  const command = program
    .command('loadgen')
    .description('Replay a trace window as open-loop HTTP POSTs (Poisson arrivals within each second) against a model server, proxy or dispatcher')
    .requiredOption('--url <url>', 'target, e.g. http://127.0.0.1:8080/predict (loopback only unless --allow-remote)')
    .option('--trace <name>', 'trace (twitter, the default)')
    .option('--window <name>', 'named window of the trace (segment, day, bursty, steady-low, steady-high, fluctuating, infadapter-alt)')
    .option('--from <s>', 'first second (of the trace, of --window or of --trace-file)')
    .option('--to <s>', 'end second, exclusive')
    .option('--seed <n>', 'seed of the arrival times', '1')
    .option('--scale <x>', 'multiply every per-second count, of a bundled window or a --trace-file (e.g. 0.1 for a tenth of the load)', '1');
  addTraceFileOptions(command, {
    range: false,
    scale: false,
    traceFile: 'your own trace instead of --trace/--window: per-second counts (whitespace-separated, gzip allowed) or a CSV with a count/rate column',
  });
  command
    .option('--max-seconds <s>', 'stop scheduling after this many seconds')
    .option('--timeout-ms <ms>', 'a request not answered by then counts as failed', '30000')
    .option('--allow-remote', 'allow a --url that is not on the loopback interface')
    .option('--json', 'print one JSON object (failures: the failed requests by reason)')
    .addHelpText('after', '\nExit codes: 0 the run ended with at least one request answered; 1 none was (the reasons are printed); 2 a bad flag.')
    .action(async (flags: LoadgenFlags) => {
      const s = await loadgen(flags, io);
      if (flags.json) io.out(JSON.stringify(s));
      else {
        io.out(
          formatTable(
            ['trace', 'seconds', 'sent', 'ok', 'failed', 'p50 ms', 'p99 ms'],
            [[s.trace, s.seconds, s.sent, s.ok, s.failed, s.p50Ms ?? '-', s.p99Ms ?? '-']],
          ),
        );
        if (s.failed > 0) io.out(`failed: ${formatFailures(s.failures)}`);
      }
      // A run where nothing was answered measured nothing: a script must not take it for a result.
      if (s.sent > 0 && s.ok === 0)
        throw new RunFailedError(
          `no request to ${s.url} succeeded (${formatFailures(s.failures) || `${s.failed} failed`}): is the server up and is --url right?`,
        );
    });
};
