import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { errorMessage, errorStack } from '@infscale/core';
import {
  DEFAULT_MAX_ADMIN_BODY_BYTES,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_QUEUE,
  DEFAULT_UPSTREAM_TIMEOUT_MS,
  DispatcherProxy,
  EdfProxy,
  type HttpService,
  type HttpServiceOptions,
  MAX_BATCH_SIZE,
  MAX_CORES,
  MAX_IN_FLIGHT_PER_URL,
  MIN_CORES,
  PipelineRouterService,
  StageQueueService,
  WEDGED_AFTER_TIMEOUTS,
} from '@infscale/dataplane';
import { numberFlag } from '../number-flag';
import { UsageError, type Io } from '../program';
import type { RegisterCommand } from './index';
import {
  adminTokenFlag,
  collect,
  coresFlag,
  httpUrlFlag,
  isLoopbackHost,
  latePolicyFlag,
  latencyModelFlag,
  namedUrls,
  namedValue,
  nonEmptyFlag,
} from './proxy-flags';

export type ProxyKind = 'dispatcher' | 'stage-queue' | 'router' | 'edf';

/** Flags every kind has. */
export interface ListenFlags {
  port: string;
  host: string;
  drainTimeoutMs: string;
  adminPort: string;
  adminHost: string;
  adminTokenFile?: string;
  maxBodyBytes: string;
  maxAdminBodyBytes: string;
  upstreamTimeoutMs?: string;
}

/** Flags of the kinds that hold requests in a queue (stage-queue, edf). */
export interface QueueFlags {
  maxQueue: string;
}

export interface DispatcherFlags extends ListenFlags {
  variant: string[];
  quota: string[];
  quotasFile?: string;
}

export interface StageQueueFlags extends ListenFlags, QueueFlags {
  stage: string;
  replica: string[];
  maxBatch: string;
  maxWaitMs?: string;
  maxInFlightPerUrl?: string;
  variant: string[];
}

export interface RouterFlags extends ListenFlags {
  pipeline: string;
  stage: string[];
  dropLimitMs: string;
}

export interface EdfFlags extends ListenFlags, QueueFlags {
  upstream: string;
  sloMs: string;
  batch: string;
  late: string;
  latencyModel: string;
  cores: string;
}

/** A proxy listening: its traffic and admin base URLs, and close() that drains (every held request answered) first. */
export interface RunningProxy {
  kind: ProxyKind;
  url: string;
  adminUrl: string;
  service: HttpService;
  close: () => Promise<void>;
}

export const DEFAULT_PORT = '8080';
export const DEFAULT_HOST = '0.0.0.0';
export const DEFAULT_ADMIN_PORT = '8081';
export const DEFAULT_ADMIN_HOST = '127.0.0.1';
export const DEFAULT_DRAIN_TIMEOUT_MS = '30000';
/** setTimeout's largest delay: a longer timeout would fire at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** What every kind's service takes from the shared flags: limits and the admin token. */
export function serviceOptionsFromFlags(flags: ListenFlags): HttpServiceOptions {
  const adminHost = nonEmptyFlag('--admin-host', flags.adminHost);
  const adminToken = flags.adminTokenFile === undefined ? undefined : adminTokenFlag(flags.adminTokenFile);
  // Reconfiguring a proxy redirects or stops its traffic: from anywhere but this machine, only with the token.
  if (adminToken === undefined && !isLoopbackHost(adminHost)) {
    throw new UsageError(
      `--admin-host ${adminHost} is reachable from other machines: give --admin-token-file <path> (every admin call then needs its bearer token), or keep --admin-host 127.0.0.1`,
    );
  }
  return {
    adminToken,
    maxBodyBytes: numberFlag('--max-body-bytes', flags.maxBodyBytes, { integer: true, min: 1 }),
    maxAdminBodyBytes: numberFlag('--max-admin-body-bytes', flags.maxAdminBodyBytes, { integer: true, min: 1 }),
  };
}

/** --upstream-timeout-ms when given; undefined leaves the kind's own default. */
function upstreamTimeoutFlag(flags: ListenFlags): number | undefined {
  return flags.upstreamTimeoutMs === undefined
    ? undefined
    : numberFlag('--upstream-timeout-ms', flags.upstreamTimeoutMs, { integer: true, min: 1, max: MAX_TIMEOUT_MS });
}

export function dispatcherFromFlags(flags: DispatcherFlags): DispatcherProxy {
  const variants = namedUrls('--variant', flags.variant);
  const variantUrls = Object.fromEntries(variants.map((v) => [v.name, v.url]));
  // Every variant starts with quota 1 (an even split) unless --quota says otherwise; the scaler
  // replaces the quotas through POST /admin/quotas.
  const quotas: Record<string, number> = Object.fromEntries(variants.map((v) => [v.name, 1]));
  for (const raw of flags.quota) {
    const { name, value } = namedValue('--quota', raw);
    if (!(name in variantUrls)) throw new UsageError(`--quota ${name}: no --variant ${name}=URL`);
    quotas[name] = numberFlag(`--quota ${name}`, value, { integer: true, min: 0 });
  }
  if (flags.quotasFile !== undefined) Object.assign(quotas, quotasFromFile(flags.quotasFile, variantUrls));
  return new DispatcherProxy({ ...serviceOptionsFromFlags(flags), variantUrls, quotas, upstreamTimeoutMs: upstreamTimeoutFlag(flags) });
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
    if (name in variantUrls) quotas[name] = numberFlag(`--quotas-file ${name}`, typeof value === 'number' ? String(value) : '', { integer: true, min: 0 });
  }
  return quotas;
}

export function stageQueueFromFlags(flags: StageQueueFlags): StageQueueService {
  const stage = nonEmptyFlag('--stage', flags.stage);
  if (flags.replica.length === 0) throw new UsageError('--replica URL is required (at least one)');
  const replicaUrls = flags.replica.map((raw) => httpUrlFlag('--replica', raw));
  // A variant's URL, for a stage the scaler splits between variants (shares in POST /admin/stage).
  const variantUrls = Object.fromEntries(namedUrls('--variant', flags.variant ?? [], 0).map((v) => [v.name, [v.url]]));
  return new StageQueueService({
    ...serviceOptionsFromFlags(flags),
    stage,
    replicaUrls,
    variantUrls,
    maxBatchSize: numberFlag('--max-batch', flags.maxBatch, { integer: true, min: 1, max: MAX_BATCH_SIZE }),
    maxWaitMs: flags.maxWaitMs === undefined ? undefined : numberFlag('--max-wait-ms', flags.maxWaitMs, { min: 0 }),
    maxInFlightPerUrl:
      flags.maxInFlightPerUrl === undefined
        ? undefined
        : numberFlag('--max-in-flight-per-url', flags.maxInFlightPerUrl, { integer: true, min: 1, max: MAX_IN_FLIGHT_PER_URL }),
    maxQueue: numberFlag('--max-queue', flags.maxQueue, { integer: true, min: 1 }),
    upstreamTimeoutMs: upstreamTimeoutFlag(flags),
  });
}

export function routerFromFlags(flags: RouterFlags): PipelineRouterService {
  return new PipelineRouterService({
    ...serviceOptionsFromFlags(flags),
    pipeline: nonEmptyFlag('--pipeline', flags.pipeline),
    stages: namedUrls('--stage', flags.stage),
    dropLimitMs: numberFlag('--drop-limit-ms', flags.dropLimitMs, { above: 0 }),
    upstreamTimeoutMs: upstreamTimeoutFlag(flags),
  });
}

export function edfFromFlags(flags: EdfFlags): EdfProxy {
  return new EdfProxy({
    ...serviceOptionsFromFlags(flags),
    upstreamUrl: httpUrlFlag('--upstream', flags.upstream),
    batchSize: numberFlag('--batch', flags.batch, { integer: true, min: 1, max: MAX_BATCH_SIZE }),
    serviceTime: { model: latencyModelFlag(flags.latencyModel), cores: coresFlag(flags.cores) },
    defaultSloMs: numberFlag('--slo-ms', flags.sloMs, { above: 0 }),
    latePolicy: latePolicyFlag(flags.late),
    maxQueue: numberFlag('--max-queue', flags.maxQueue, { integer: true, min: 1 }),
    upstreamTimeoutMs: upstreamTimeoutFlag(flags),
  });
}

/** Validates the flags, builds the kind's service and starts it listening on --host:--port and --admin-host:--admin-port. */
export async function startProxy(kind: ProxyKind, flags: DispatcherFlags | StageQueueFlags | RouterFlags | EdfFlags): Promise<RunningProxy> {
  const port = numberFlag('--port', flags.port, { integer: true, min: 0, max: 65_535 });
  const host = nonEmptyFlag('--host', flags.host);
  const adminPort = numberFlag('--admin-port', flags.adminPort, { integer: true, min: 0, max: 65_535 });
  const adminHost = nonEmptyFlag('--admin-host', flags.adminHost);
  if (port !== 0 && port === adminPort) throw new UsageError(`--admin-port ${adminPort} must differ from --port: traffic and admin are separate listeners`);
  const drainTimeoutMs = numberFlag('--drain-timeout-ms', flags.drainTimeoutMs, { integer: true, min: 0, max: MAX_TIMEOUT_MS });
  const service =
    kind === 'dispatcher'
      ? dispatcherFromFlags(flags as DispatcherFlags)
      : kind === 'stage-queue'
        ? stageQueueFromFlags(flags as StageQueueFlags)
        : kind === 'router'
          ? routerFromFlags(flags as RouterFlags)
          : edfFromFlags(flags as EdfFlags);
  let url: string;
  let adminUrl: string;
  try {
    url = await listenOrExplain(() => service.listen(port, host), '--host/--port', `${host}:${port}`);
    adminUrl = await listenOrExplain(() => service.listenAdmin(adminPort, adminHost), '--admin-host/--admin-port', `${adminHost}:${adminPort}`);
  } catch (err) {
    await service.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= service.shutdown(drainTimeoutMs));
  return { kind, url, adminUrl, service, close };
}

async function listenOrExplain(listen: () => Promise<string>, flags: string, address: string): Promise<string> {
  try {
    return await listen();
  } catch (err) {
    throw new UsageError(`cannot listen on ${address} (${flags}): ${errorMessage(err)}`);
  }
}

/**
 * The last resort, while a proxy serves: an error nothing else caught is logged as one JSON line and
 * the proxy keeps serving the other requests, instead of exiting and dropping all of them. Every
 * path in the proxies handles its own errors; a line here is a bug to report. Returns the remover.
 */
export function installSafetyNet(kind: ProxyKind, io: Io): () => void {
  const log = (event: string) => (err: unknown) => io.err(JSON.stringify({ event, proxy: kind, message: errorMessage(err), stack: errorStack(err) }));
  const onException = log('uncaught-exception');
  const onRejection = log('unhandled-rejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
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
  const removeSafetyNet = installSafetyNet(kind, io);
  const signal = nextSignal();
  io.out(
    JSON.stringify({
      event: 'ready',
      proxy: kind,
      url: running.url,
      adminUrl: running.adminUrl,
      metrics: `${running.url}/metrics`,
      healthz: `${running.url}/healthz`,
    }),
  );
  const received = await signal;
  io.err(JSON.stringify({ event: 'draining', proxy: kind, signal: received, inFlight: running.service.inFlight }));
  await running.close();
  removeSafetyNet();
  io.out(JSON.stringify({ event: 'closed', proxy: kind }));
}

const mib = (bytes: number): string => `${bytes / 1024 / 1024} MiB`;

function withListenOptions(cmd: Command, upstreamTimeoutDefault: string): Command {
  return cmd
    .option('--port <n>', 'traffic port: requests, GET /metrics, GET /healthz (0: any free port)', DEFAULT_PORT)
    .option('--host <addr>', 'traffic address (0.0.0.0: every interface, as in a pod; 127.0.0.1: this machine only)', DEFAULT_HOST)
    .option(
      '--admin-port <n>',
      'admin port: the /admin/* endpoints the scaler calls, and GET /livez for the kubelet; the traffic port answers 404 on /admin/* (0: any free port)',
      DEFAULT_ADMIN_PORT,
    )
    .option('--admin-host <addr>', 'admin address; anything but a loopback address (127.0.0.1, ::1, localhost) needs --admin-token-file', DEFAULT_ADMIN_HOST)
    .option('--admin-token-file <path>', 'file holding the admin token: every admin call then needs the header Authorization: Bearer <token> (401 otherwise)')
    .option(
      '--max-body-bytes <n>',
      `largest request body on the traffic port, and largest upstream answer per request; larger: 413 (default ${mib(DEFAULT_MAX_BODY_BYTES)})`,
      String(DEFAULT_MAX_BODY_BYTES),
    )
    .option(
      '--max-admin-body-bytes <n>',
      `largest admin body; larger: 413 (default ${mib(DEFAULT_MAX_ADMIN_BODY_BYTES)})`,
      String(DEFAULT_MAX_ADMIN_BODY_BYTES),
    )
    .option(
      '--upstream-timeout-ms <ms>',
      `an upstream call not answered in full by then is cut off: 504, counted in infscale_proxy_upstream_timeouts_total; after ${WEDGED_AFTER_TIMEOUTS} in a row GET /healthz answers 503 (default: ${upstreamTimeoutDefault})`,
    )
    .option(
      '--drain-timeout-ms <ms>',
      'on SIGTERM/SIGINT, how long held requests may take to finish; the rest are answered 503, none is cut off',
      DEFAULT_DRAIN_TIMEOUT_MS,
    );
}

function withQueueOptions(cmd: Command): Command {
  return cmd.option(
    '--max-queue <n>',
    'requests waiting at most; more are answered 503 at once, counted in infscale_proxy_rejected_total{reason="queue-full"}',
    String(DEFAULT_MAX_QUEUE),
  );
}

export const registerProxy: RegisterCommand = (program: Command, io: Io) => {
  const proxy = program
    .command('proxy')
    .description(
      'Run a data-plane proxy as a process (InfAdapter\'s dispatcher, IPA\'s stage queue and router, Sponge\'s EDF proxy): logs one JSON line {"event":"ready","url":…,"adminUrl":…} when listening; serves requests, GET /metrics and /healthz on --port, the scaler\'s /admin/* endpoints on --admin-port; on SIGTERM/SIGINT stops accepting and answers every held request (served, or 503 past --drain-timeout-ms)',
    );

  withListenOptions(
    proxy
      .command('dispatcher')
      .description(
        "InfAdapter's dispatcher: forwards every request (path and body unchanged) to a variant picked by weighted quotas; the scaler sets quotas with POST /admin/quotas",
      )
      .option(
        '--variant <name=url>',
        'a variant and its base URL, e.g. resnet50=http://resnet-resnet50:8080 (repeat for each variant; at least one)',
        collect,
        [],
      )
      .option(
        '--quota <name=n>',
        'initial quota of a variant: requests per frame, a whole number ≥ 0 (repeatable; default 1 for every variant, an even split)',
        collect,
        [],
      )
      .option(
        '--quotas-file <path>',
        'JSON {"weights": {"<variant>": n}} read once at start when it exists, over --quota: the quotas the scaler last published (its infscale-routing ConfigMap mounted as a volume), so a restart resumes them; names without --variant are skipped',
      ),
    `${DEFAULT_UPSTREAM_TIMEOUT_MS} (the dispatcher knows no SLO)`,
  ).action((flags: DispatcherFlags) => serve('dispatcher', flags, io));

  withListenOptions(
    withQueueOptions(
      proxy
        .command('stage-queue')
        .description(
          'IPA\'s queue of one pipeline stage: POST / with a JSON input; inputs are batched ({"instances":[…]}) to the replicas; the scaler sets batch and replicas with POST /admin/stage',
        )
        .requiredOption('--stage <name>', "the stage's name (metrics label)")
        .option(
          '--replica <url>',
          "predict URL of a replica, or of a Service with the stage's replicas behind it, e.g. http://detector:8080 (repeatable; at least one)",
          collect,
          [],
        )
        .option(
          '--variant <name=url>',
          "predict URL of one variant of the stage by its deployment name, e.g. video-yolo-yolov5s=http://video-yolo-yolov5s:8080 (repeatable): where the stage sends that variant's share when the scaler splits it (shares in POST /admin/stage)",
          collect,
          [],
        )
        .requiredOption('--max-batch <n>', `largest batch sent to a replica, a whole number from 1 to ${MAX_BATCH_SIZE}`)
        .option('--max-wait-ms <ms>', 'longest a request waits for its batch to fill, from the oldest queued (default 1000)')
        .option(
          '--max-in-flight-per-url <n>',
          `batches in flight at once on each --replica URL, a whole number from 1 to ${MAX_IN_FLIGHT_PER_URL} (default 1; the replicas behind a Service URL)`,
        ),
    ),
    `${DEFAULT_UPSTREAM_TIMEOUT_MS} per batch (a stage queue knows no SLO)`,
  ).action((flags: StageQueueFlags) => serve('stage-queue', flags, io));

  withListenOptions(
    proxy
      .command('router')
      .description(
        'IPA\'s router: POST / carries an input through the stage queues in order (each answer is the next stage\'s input) and answers 504 {"error":"dropped"} past the drop limit',
      )
      .requiredOption('--pipeline <name>', "the pipeline's name (metrics label)")
      .option(
        '--stage <name=url>',
        'a stage and its stage-queue URL, e.g. detect=http://detect-queue:8080 (repeat in pipeline order; at least one)',
        collect,
        [],
      )
      .requiredOption('--drop-limit-ms <ms>', 'drop a request older than this since it entered the pipeline, a number > 0 (IPA: 5000–20000)'),
    '--drop-limit-ms, which cuts a stage call off anyway',
  ).action((flags: RouterFlags) => serve('router', flags, io));

  withListenOptions(
    withQueueOptions(
      proxy
        .command('edf')
        .description(
          "Sponge's EDF proxy in front of one model server: requests wait by deadline (sent-at + SLO, headers x-infscale-sent-at-ms and x-infscale-slo-ms), batches go to the server one at a time; answers carry x-infscale-deadline-ms; the scaler sets batch and cores with POST /admin/config",
        )
        .requiredOption('--upstream <url>', "the model server's predict URL (TF-Serving format), e.g. http://resnet:8080/v1/models/resnet:predict")
        .option('--slo-ms <ms>', 'SLO of requests without the x-infscale-slo-ms header, a number > 0', '1000')
        .option('--batch <n>', `batch size sent to the server, a whole number from 1 to ${MAX_BATCH_SIZE}`, '1')
        .option(
          '--late <policy>',
          'a request that cannot make its deadline: drop (answer 504 at once, and at its deadline while in service) or serve-late (after every on-time one)',
          'drop',
        )
        .option(
          '--latency-model <model>',
          'service-time model l(b,c) = gamma·b/c + delta·b + epsilon/c + eta in ms: sponge (the bundled ResNet18 fit) or gamma,delta,epsilon,eta',
          'sponge',
        )
        .option('--cores <n>', `cores of the model server now, for the latency model, a number from ${MIN_CORES} to ${MAX_CORES}`, '1'),
    ),
    "per batch, the later of --slo-ms and its latest request's deadline",
  ).action((flags: EdfFlags) => serve('edf', flags, io));
};
