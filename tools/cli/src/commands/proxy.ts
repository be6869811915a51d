import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DispatcherProxy, EdfProxy, type HttpService, PipelineRouterService, StageQueueService } from '@infscale/dataplane';
import { UsageError, type Io } from '../program';
import type { RegisterCommand } from './index';
import {
  collect, httpUrlFlag, integerFlag, latePolicyFlag, latencyModelFlag, namedUrls, namedValue, nonEmptyFlag, positiveFlag,
} from './proxy-flags';

export type ProxyKind = 'dispatcher' | 'stage-queue' | 'router' | 'edf';

/** Flags every kind has. */
export interface ListenFlags {
  port: string;
  host: string;
  drainTimeoutMs: string;
}

export interface DispatcherFlags extends ListenFlags {
  variant: string[];
  quota: string[];
  quotasFile?: string;
}

export interface StageQueueFlags extends ListenFlags {
  stage: string;
  replica: string[];
  maxBatch: string;
  maxWaitMs?: string;
  maxInFlightPerUrl?: string;
}

export interface RouterFlags extends ListenFlags {
  pipeline: string;
  stage: string[];
  dropLimitMs: string;
}

export interface EdfFlags extends ListenFlags {
  upstream: string;
  sloMs: string;
  batch: string;
  late: string;
  latencyModel: string;
  cores: string;
}

/** A proxy listening: its base URL, and close() that lets in-flight requests finish first. */
export interface RunningProxy {
  kind: ProxyKind;
  url: string;
  service: HttpService;
  close: () => Promise<void>;
}

export const DEFAULT_PORT = '8080';
export const DEFAULT_HOST = '0.0.0.0';
export const DEFAULT_DRAIN_TIMEOUT_MS = '30000';

export function dispatcherFromFlags(flags: DispatcherFlags): DispatcherProxy {
  const variants = namedUrls('--variant', flags.variant);
  const variantUrls = Object.fromEntries(variants.map((v) => [v.name, v.url]));
  // Every variant starts with quota 1 (an even split) unless --quota says otherwise; the scaler
  // replaces the quotas through POST /admin/quotas.
  const quotas: Record<string, number> = Object.fromEntries(variants.map((v) => [v.name, 1]));
  for (const raw of flags.quota) {
    const { name, value } = namedValue('--quota', raw);
    if (!(name in variantUrls)) throw new UsageError(`--quota ${name}: no --variant ${name}=URL`);
    quotas[name] = integerFlag(`--quota ${name}`, value, 0);
  }
  if (flags.quotasFile !== undefined) Object.assign(quotas, quotasFromFile(flags.quotasFile, variantUrls));
  return new DispatcherProxy({ variantUrls, quotas });
}

/**
 * The quotas the scaler last published, {"weights": {name: n}} (one key of the infscale-routing
 * ConfigMap, mounted as a file), so a restarted dispatcher resumes them instead of an even split: the
 * scaler POSTs quotas only when they change. An absent file (nothing published yet) gives none; a
 * name without --variant (a variant since removed from the config) is skipped.
 */
export function quotasFromFile(path: string, variantUrls: Record<string, string>): Record<string, number> {
  if (!existsSync(path)) return {};
  let weights: unknown;
  try {
    weights = (JSON.parse(readFileSync(path, 'utf8')) as { weights?: unknown }).weights;
  } catch (err) {
    throw new UsageError(`--quotas-file ${path}: not JSON: ${(err as Error).message}`);
  }
  if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) {
    throw new UsageError(`--quotas-file ${path} must hold {"weights": {"<variant>": <whole number>}}`);
  }
  const quotas: Record<string, number> = {};
  for (const [name, value] of Object.entries(weights)) {
    if (name in variantUrls) quotas[name] = integerFlag(`--quotas-file ${name}`, typeof value === 'number' ? String(value) : '', 0);
  }
  return quotas;
}

export function stageQueueFromFlags(flags: StageQueueFlags): StageQueueService {
  const stage = nonEmptyFlag('--stage', flags.stage);
  if (flags.replica.length === 0) throw new UsageError('--replica URL is required (at least one)');
  const replicaUrls = flags.replica.map((raw) => httpUrlFlag('--replica', raw));
  return new StageQueueService({
    stage,
    replicaUrls,
    maxBatchSize: integerFlag('--max-batch', flags.maxBatch, 1),
    maxWaitMs: flags.maxWaitMs === undefined ? undefined : positiveFlag('--max-wait-ms', flags.maxWaitMs, true),
    maxInFlightPerUrl: flags.maxInFlightPerUrl === undefined ? undefined : integerFlag('--max-in-flight-per-url', flags.maxInFlightPerUrl, 1),
  });
}

export function routerFromFlags(flags: RouterFlags): PipelineRouterService {
  return new PipelineRouterService({
    pipeline: nonEmptyFlag('--pipeline', flags.pipeline),
    stages: namedUrls('--stage', flags.stage),
    dropLimitMs: positiveFlag('--drop-limit-ms', flags.dropLimitMs),
  });
}

export function edfFromFlags(flags: EdfFlags): EdfProxy {
  return new EdfProxy({
    upstreamUrl: httpUrlFlag('--upstream', flags.upstream),
    batchSize: integerFlag('--batch', flags.batch, 1),
    serviceTime: { model: latencyModelFlag(flags.latencyModel), cores: positiveFlag('--cores', flags.cores) },
    defaultSloMs: positiveFlag('--slo-ms', flags.sloMs),
    latePolicy: latePolicyFlag(flags.late),
  });
}

/**
 * Stops accepting connections, waits (up to drainTimeoutMs) for the requests in flight to be
 * answered, then closes the service (timers, upstream agent, whatever connections remain).
 */
async function drainAndClose(service: HttpService, inFlight: () => number, drainTimeoutMs: number): Promise<void> {
  const server = service.server;
  const stopped = new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  server.closeIdleConnections();
  const deadline = Date.now() + drainTimeoutMs;
  while (inFlight() > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
    server.closeIdleConnections();
  }
  await service.close();
  await stopped;
}

/** Validates the flags, builds the kind's service and starts it listening on --host:--port. */
export async function startProxy(kind: ProxyKind, flags: DispatcherFlags | StageQueueFlags | RouterFlags | EdfFlags): Promise<RunningProxy> {
  const port = integerFlag('--port', flags.port, 0, 65_535);
  const host = nonEmptyFlag('--host', flags.host);
  const drainTimeoutMs = integerFlag('--drain-timeout-ms', flags.drainTimeoutMs, 0);
  const service =
    kind === 'dispatcher' ? dispatcherFromFlags(flags as DispatcherFlags)
    : kind === 'stage-queue' ? stageQueueFromFlags(flags as StageQueueFlags)
    : kind === 'router' ? routerFromFlags(flags as RouterFlags)
    : edfFromFlags(flags as EdfFlags);
  let inFlight = 0;
  service.server.on('request', (_req, res: { once: (event: 'close', listener: () => void) => void }) => {
    inFlight++;
    res.once('close', () => inFlight--);
  });
  let url: string;
  try {
    url = await service.listen(port, host);
  } catch (err) {
    await service.close();
    throw new UsageError(`cannot listen on ${host}:${port} (--host/--port): ${(err as Error).message}`);
  }
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= drainAndClose(service, () => inFlight, drainTimeoutMs));
  return { kind, url, service, close };
}

/** Resolves with the first of the signals to arrive, and stops listening for them. */
export function nextSignal(signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const handlers = signals.map((signal) => {
      const handler = () => {
        signals.forEach((s, i) => process.off(s, handlers[i] as () => void));
        resolve(signal);
      };
      process.on(signal, handler);
      return handler;
    });
  });
}

/** The process around a proxy: start, log ready, wait for SIGTERM/SIGINT, drain, log closed. */
async function serve(kind: ProxyKind, flags: DispatcherFlags | StageQueueFlags | RouterFlags | EdfFlags, io: Io): Promise<void> {
  const running = await startProxy(kind, flags);
  const signal = nextSignal();
  io.out(JSON.stringify({ event: 'ready', proxy: kind, url: running.url, metrics: `${running.url}/metrics`, healthz: `${running.url}/healthz` }));
  const received = await signal;
  io.err(JSON.stringify({ event: 'draining', proxy: kind, signal: received }));
  await running.close();
  io.out(JSON.stringify({ event: 'closed', proxy: kind }));
}

function withListenOptions(cmd: Command): Command {
  return cmd
    .option('--port <n>', 'port to listen on (0: any free port)', DEFAULT_PORT)
    .option('--host <addr>', 'address to listen on (0.0.0.0: every interface, as in a pod; 127.0.0.1: this machine only)', DEFAULT_HOST)
    .option('--drain-timeout-ms <ms>', 'on SIGTERM/SIGINT, how long requests in flight may take to finish before the rest are cut', DEFAULT_DRAIN_TIMEOUT_MS);
}

export const registerProxy: RegisterCommand = (program: Command, io: Io) => {
  const proxy = program
    .command('proxy')
    .description('Run a data-plane proxy as a process (InfAdapter\'s dispatcher, IPA\'s stage queue and router, Sponge\'s EDF proxy): logs one JSON line {"event":"ready","url":…} when listening, serves GET /metrics and /healthz, and on SIGTERM/SIGINT stops accepting and lets requests in flight finish');

  withListenOptions(
    proxy
      .command('dispatcher')
      .description('InfAdapter\'s dispatcher: forwards every request (path and body unchanged) to a variant picked by weighted quotas; the scaler sets quotas with POST /admin/quotas')
      .option('--variant <name=url>', 'a variant and its base URL, e.g. resnet50=http://resnet-resnet50:8080 (repeat for each variant; at least one)', collect, [])
      .option('--quota <name=n>', 'initial quota of a variant: requests per frame, a whole number ≥ 0 (repeatable; default 1 for every variant, an even split)', collect, [])
      .option('--quotas-file <path>', 'JSON {"weights": {"<variant>": n}} read once at start when it exists, over --quota: the quotas the scaler last published (its infscale-routing ConfigMap mounted as a volume), so a restart resumes them; names without --variant are skipped'),
  ).action((flags: DispatcherFlags) => serve('dispatcher', flags, io));

  withListenOptions(
    proxy
      .command('stage-queue')
      .description('IPA\'s queue of one pipeline stage: POST / with a JSON input; inputs are batched ({"instances":[…]}) to the replicas; the scaler sets batch and replicas with POST /admin/stage')
      .requiredOption('--stage <name>', 'the stage\'s name (metrics label)')
      .option('--replica <url>', 'predict URL of a replica, or of a Service with the stage\'s replicas behind it, e.g. http://detector:8080 (repeatable; at least one)', collect, [])
      .requiredOption('--max-batch <n>', 'largest batch sent to a replica, a whole number ≥ 1')
      .option('--max-wait-ms <ms>', 'longest a request waits for its batch to fill, from the oldest queued (default 1000)')
      .option('--max-in-flight-per-url <n>', 'batches in flight at once on each --replica URL, a whole number ≥ 1 (default 1; the replicas behind a Service URL)'),
  ).action((flags: StageQueueFlags) => serve('stage-queue', flags, io));

  withListenOptions(
    proxy
      .command('router')
      .description('IPA\'s router: POST / carries an input through the stage queues in order (each answer is the next stage\'s input) and answers 504 {"error":"dropped"} past the drop limit')
      .requiredOption('--pipeline <name>', 'the pipeline\'s name (metrics label)')
      .option('--stage <name=url>', 'a stage and its stage-queue URL, e.g. detect=http://detect-queue:8080 (repeat in pipeline order; at least one)', collect, [])
      .requiredOption('--drop-limit-ms <ms>', 'drop a request older than this since it entered the pipeline, a number > 0 (IPA: 5000–20000)'),
  ).action((flags: RouterFlags) => serve('router', flags, io));

  withListenOptions(
    proxy
      .command('edf')
      .description('Sponge\'s EDF proxy in front of one model server: requests wait by deadline (sent-at + SLO, headers x-infscale-sent-at-ms and x-infscale-slo-ms), batches go to the server one at a time; answers carry x-infscale-deadline-ms; the scaler sets batch and cores with POST /admin/config')
      .requiredOption('--upstream <url>', 'the model server\'s predict URL (TF-Serving format), e.g. http://resnet:8080/v1/models/resnet:predict')
      .option('--slo-ms <ms>', 'SLO of requests without the x-infscale-slo-ms header, a number > 0', '1000')
      .option('--batch <n>', 'batch size sent to the server, a whole number ≥ 1', '1')
      .option('--late <policy>', 'a request that cannot make its deadline: drop (answer 504 at once) or serve-late (after every on-time one)', 'drop')
      .option('--latency-model <model>', 'service-time model l(b,c) = gamma·b/c + delta·b + epsilon/c + eta in ms: sponge (the bundled ResNet18 fit) or gamma,delta,epsilon,eta', 'sponge')
      .option('--cores <n>', 'cores of the model server now, for the latency model, a number > 0', '1'),
  ).action((flags: EdfFlags) => serve('edf', flags, io));
};
