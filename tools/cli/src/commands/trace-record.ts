import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { PrometheusClient, RecordRangeError, rangeAsTraceCsv, rangeChunks, recordRange } from '@infscale/metrics';
import { UsageError, type Io } from '../program';
import { checkOutputFile, writeOutputFile } from './output-file';
import { progressReporter } from './progress';
import { fillRange } from './trace-record-fill';
import { parseDurationSeconds, parseTimeFlag } from './time-flags';

export interface TraceRecordFlags {
  prometheus?: string;
  query?: string;
  from?: string;
  to?: string;
  step: string;
  output?: string;
  force?: boolean;
  json?: boolean;
  timeout: string;
  bearerTokenFile?: string;
  basicUser?: string;
  basicPasswordFile?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecureSkipVerify?: boolean;
  header: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

function required(flag: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required (see infscale trace record --help)`);
  return value;
}

function readSecret(flag: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new UsageError(`${flag} ${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** The Prometheus connection from flags, falling back to the scalers' INFSCALE_PROMETHEUS_* variables. */
export function recordConnection(flags: TraceRecordFlags, env: Env) {
  const serverAddress = flags.prometheus ?? env.INFSCALE_PROMETHEUS_SERVER_ADDRESS;
  const address = required('--prometheus', serverAddress);
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new UsageError(`--prometheus must be an http(s) URL such as http://prometheus.monitoring:9090, got "${address}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--prometheus must be http or https, got "${address}"`);
  const token = readSecret('--bearer-token-file', flags.bearerTokenFile) ?? env.INFSCALE_PROMETHEUS_BEARER_TOKEN;
  const username = flags.basicUser ?? env.INFSCALE_PROMETHEUS_USERNAME;
  const password = readSecret('--basic-password-file', flags.basicPasswordFile) ?? env.INFSCALE_PROMETHEUS_PASSWORD;
  if ((username === undefined) !== (password === undefined)) throw new UsageError('--basic-user and --basic-password-file go together');
  if (token !== undefined && username !== undefined) throw new UsageError('choose one of --bearer-token-file and --basic-user');
  const auth =
    token !== undefined
      ? { type: 'bearer' as const, token }
      : username !== undefined && password !== undefined
        ? { type: 'basic' as const, username, password }
        : undefined;
  const ca = readSecret('--ca-file', flags.caFile) ?? env.INFSCALE_PROMETHEUS_TLS_CA;
  const cert = readSecret('--cert-file', flags.certFile) ?? env.INFSCALE_PROMETHEUS_TLS_CERT;
  const key = readSecret('--key-file', flags.keyFile) ?? env.INFSCALE_PROMETHEUS_TLS_KEY;
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--cert-file and --key-file go together');
  const tls = ca || cert || flags.insecureSkipVerify ? { ca, cert, key, insecureSkipVerify: flags.insecureSkipVerify === true } : undefined;
  const headers: Record<string, string> = {};
  for (const h of flags.header) {
    const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(h);
    if (!m) throw new UsageError(`--header must look like "Name: value", got "${h}"`);
    headers[m[1]] = m[2];
  }
  const timeoutS = parseDurationSeconds('--timeout', flags.timeout);
  if (timeoutS > 600) throw new UsageError(`--timeout must be at most 10m, got "${flags.timeout}"`);
  return { serverAddress: url.href, timeoutMs: Math.round(timeoutS * 1000), auth, tls, headers };
}

export async function traceRecord(flags: TraceRecordFlags, io: Io, env: Env, nowS: number): Promise<void> {
  const connection = recordConnection(flags, env);
  const query = required('--query', flags.query);
  const output = required('-o/--output', flags.output);
  const fromS = parseTimeFlag('--from', required('--from', flags.from), nowS);
  const toS = parseTimeFlag('--to', flags.to ?? 'now', nowS);
  const stepS = parseDurationSeconds('--step', flags.step);
  if (toS <= fromS) throw new UsageError(`--to (${new Date(toS * 1000).toISOString()}) must be after --from (${new Date(fromS * 1000).toISOString()})`);
  checkOutputFile('-o', output, { replace: flags.force });
  const chunks = rangeChunks(fromS, toS, stepS);
  io.err(
    `recording ${query} from ${new Date(fromS * 1000).toISOString()} to ${new Date(toS * 1000).toISOString()} every ${stepS} s: ${chunks.length} range ${chunks.length === 1 ? 'query' : 'queries'}`,
  );
  const progress = progressReporter(
    io,
    'trace record [{bar}] {percentage}% | query {value}/{total} | eta {eta_formatted}',
    (done, total) => `trace record: ${Math.floor((10 * done) / total) * 10}% (query ${done}/${total})`,
  );
  let recorded;
  try {
    recorded = await recordRange(new PrometheusClient(connection), { query, fromS, toS, stepS, onChunk: (done, total) => progress.update(done, total) });
  } catch (err) {
    if (err instanceof RecordRangeError) throw new UsageError(err.message);
    throw err;
  } finally {
    progress.stop();
  }
  if (recorded.points.length === 0)
    throw new UsageError(
      `the query returned no data between --from and --to: check --query (e.g. in Prometheus' own UI) and the time range; ${output} not written`,
    );
  const { range, zeroFilled, negative } = fillRange(recorded, fromS, toS, stepS);
  writeOutputFile('-o', output, rangeAsTraceCsv(range));
  if (negative > 0)
    io.err(`trace record: warning: ${negative} points were negative (a rate over a counter reset? check --query) and were written as 0 requests`);
  const summary = { file: output, query, fromS, toS, stepS, points: range.points.length, missing: zeroFilled, negative, queries: recorded.chunks };
  if (flags.json) io.out(JSON.stringify(summary));
  else {
    io.out(
      `wrote ${output}: ${range.points.length} points every ${stepS} s (${recorded.chunks} range queries)${zeroFilled > 0 ? `; ${zeroFilled} points had no data and were written as 0 requests` : ''}`,
    );
    io.out(`use it with --trace-file ${output} (e.g. infscale trace show --trace-file ${output})`);
  }
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerTraceRecord(trace: Command, io: Io): void {
  trace
    .command('record')
    .description('Record a trace from Prometheus: one series (requests per second) as a CSV trace file (timestamp,rate) that every --trace-file accepts')
    .option('--prometheus <url>', 'Prometheus base URL, e.g. http://prometheus.monitoring:9090 (default: $INFSCALE_PROMETHEUS_SERVER_ADDRESS)')
    .option('--query <promql>', 'PromQL giving ONE series of requests per second, e.g. sum(rate(http_requests_total{service="resnet"}[1m]))')
    .option('--from <time>', 'start: now-<duration> (now-6h), Unix seconds, or ISO 8601 (2026-12-01T10:00:00Z)')
    .option('--to <time>', 'end, inclusive, in the same forms', 'now')
    .option('--step <duration>', "one point every step (1s for a per-second trace); range queries are split under Prometheus' 11,000-point limit", '1s')
    .option('-o, --output <file>', 'the CSV to write (refused if it exists, unless --force)')
    .option('--force', 'replace the output file if it exists')
    .option('--json', 'print the summary as one JSON object')
    .option('--timeout <duration>', 'per range query (at most 10m)', '30s')
    .option('--bearer-token-file <file>', 'send Authorization: Bearer <file contents> (default: $INFSCALE_PROMETHEUS_BEARER_TOKEN)')
    .option('--basic-user <name>', 'basic auth user, with --basic-password-file (default: $INFSCALE_PROMETHEUS_USERNAME / _PASSWORD)')
    .option('--basic-password-file <file>', 'basic auth password file')
    .option('--ca-file <file>', 'PEM CA bundle for https (default: $INFSCALE_PROMETHEUS_TLS_CA contents)')
    .option('--cert-file <file>', 'PEM client certificate, with --key-file')
    .option('--key-file <file>', 'PEM client key')
    .option('--insecure-skip-verify', 'do not verify the server certificate (testing only)')
    .option('--header <header>', 'an extra request header "Name: value" (repeatable), e.g. "X-Scope-OrgID: team-a"', collect, [])
    .action((flags: TraceRecordFlags) => traceRecord(flags, io, process.env, Date.now() / 1000));
}
