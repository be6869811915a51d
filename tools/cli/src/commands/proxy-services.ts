/** The data-plane proxies built from their command-line flags (validated, each error naming its flag) and started listening. */
import { existsSync, readFileSync } from 'node:fs';
import {
  DispatcherProxy,
  EdfProxy,
  type HttpService,
  type HttpServiceOptions,
  MAX_BATCH_ANSWER_BYTES,
  MAX_BATCH_SIZE,
  MAX_IN_FLIGHT_PER_URL,
  PipelineRouterService,
  proxyErrorLine,
  StageQueueService,
} from '@infscale/dataplane';
import { startMetricsServer, type RunningMetricsServer } from '@infscale/metrics';
import { numberFlag } from '../number-flag';
import { UsageError } from '../program';
import { listenOrExplain } from './listen-or-explain';
import {
  adminHostFlag,
  adminTokenFlag,
  coresFlag,
  httpUrlFlag,
  latePolicyFlag,
  latencyModelFlag,
  maxQueueFlag,
  namedUrls,
  namedValue,
  nonEmptyFlag,
} from './proxy-flags';

export type ProxyKind = 'dispatcher' | 'stage-queue' | 'router' | 'edf';

/** The flags of a traffic listener and an admin listener apart: every proxy's, and the emulator's. */
export interface ListenerFlags {
  port: string;
  host: string;
  adminPort: string;
  adminHost: string;
  adminTokenFile?: string;
  maxBodyBytes: string;
  maxAdminBodyBytes: string;
}

/** Flags every kind has. */
export interface ListenFlags extends ListenerFlags {
  drainTimeoutMs: string;
  upstreamTimeoutMs?: string;
  /** A port of its own for GET /metrics (and /healthz), on --host; unset: /metrics on the traffic port. */
  metricsPort?: string;
}

/** Flags of the kinds that hold requests in a queue and send them in batches (stage-queue, edf). */
export interface QueueFlags {
  maxQueue: string;
  maxBatchAnswerBytes: string;
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
  /** Where GET /metrics is served: the metrics listener's base URL with --metrics-port, else the traffic one's. */
  metricsUrl: string;
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

/** Where the two listeners listen: --port, --host, --admin-port, --admin-host, the ports apart. */
export interface ListenAddresses {
  port: number;
  host: string;
  adminPort: number;
  adminHost: string;
}

/**
 * The listeners' addresses from the flags. Reconfiguring a proxy (or the emulator) redirects, stops or
 * slows its traffic: an --admin-host other machines reach needs --admin-token-file.
 */
export function listenAddressesFromFlags(flags: ListenerFlags): ListenAddresses {
  const port = numberFlag('--port', flags.port, { integer: true, min: 0, max: 65_535 });
  const host = nonEmptyFlag('--host', flags.host);
  const adminPort = numberFlag('--admin-port', flags.adminPort, { integer: true, min: 0, max: 65_535 });
  const adminHost = adminHostFlag(flags.adminHost, flags.adminTokenFile !== undefined);
  if (port !== 0 && port === adminPort) throw new UsageError(`--admin-port ${adminPort} must differ from --port: traffic and admin are separate listeners`);
  return { port, host, adminPort, adminHost };
}

/** What every kind's service (and the emulator) takes from the shared flags: limits and the admin token. */
export function serviceOptionsFromFlags(flags: ListenerFlags): Pick<HttpServiceOptions, 'adminToken' | 'maxBodyBytes' | 'maxAdminBodyBytes'> {
  return {
    adminToken: flags.adminTokenFile === undefined ? undefined : adminTokenFlag(flags.adminTokenFile),
    maxBodyBytes: numberFlag('--max-body-bytes', flags.maxBodyBytes, { integer: true, min: 1 }),
    maxAdminBodyBytes: numberFlag('--max-admin-body-bytes', flags.maxAdminBodyBytes, { integer: true, min: 1 }),
  };
}

/** Whether the traffic port serves GET /metrics: not when --metrics-port gives it a listener of its own. */
function metricsOptionFromFlags(flags: ListenFlags): Pick<HttpServiceOptions, 'metricsOnTrafficPort'> {
  return { metricsOnTrafficPort: flags.metricsPort === undefined };
}

/** What the queueing kinds (stage-queue, edf) take from their shared flags: the bound on requests held and on a batch's answer. */
function queueOptionsFromFlags(flags: QueueFlags): { maxQueue: number; maxBatchAnswerBytes: number } {
  return {
    maxQueue: maxQueueFlag(flags.maxQueue),
    maxBatchAnswerBytes: numberFlag('--max-batch-answer-bytes', flags.maxBatchAnswerBytes, { integer: true, min: 1, max: MAX_BATCH_ANSWER_BYTES }),
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
  return new DispatcherProxy({
    ...serviceOptionsFromFlags(flags),
    ...metricsOptionFromFlags(flags),
    variantUrls,
    quotas,
    upstreamTimeoutMs: upstreamTimeoutFlag(flags),
  });
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
    ...metricsOptionFromFlags(flags),
    stage,
    replicaUrls,
    variantUrls,
    maxBatchSize: numberFlag('--max-batch', flags.maxBatch, { integer: true, min: 1, max: MAX_BATCH_SIZE }),
    maxWaitMs: flags.maxWaitMs === undefined ? undefined : numberFlag('--max-wait-ms', flags.maxWaitMs, { min: 0 }),
    maxInFlightPerUrl:
      flags.maxInFlightPerUrl === undefined
        ? undefined
        : numberFlag('--max-in-flight-per-url', flags.maxInFlightPerUrl, { integer: true, min: 1, max: MAX_IN_FLIGHT_PER_URL }),
    ...queueOptionsFromFlags(flags),
    upstreamTimeoutMs: upstreamTimeoutFlag(flags),
  });
}

export function routerFromFlags(flags: RouterFlags): PipelineRouterService {
  return new PipelineRouterService({
    ...serviceOptionsFromFlags(flags),
    ...metricsOptionFromFlags(flags),
    pipeline: nonEmptyFlag('--pipeline', flags.pipeline),
    stages: namedUrls('--stage', flags.stage),
    dropLimitMs: numberFlag('--drop-limit-ms', flags.dropLimitMs, { above: 0 }),
    upstreamTimeoutMs: upstreamTimeoutFlag(flags),
  });
}

export function edfFromFlags(flags: EdfFlags): EdfProxy {
  return new EdfProxy({
    ...serviceOptionsFromFlags(flags),
    ...metricsOptionFromFlags(flags),
    upstreamUrl: httpUrlFlag('--upstream', flags.upstream),
    batchSize: numberFlag('--batch', flags.batch, { integer: true, min: 1, max: MAX_BATCH_SIZE }),
    serviceTime: { model: latencyModelFlag(flags.latencyModel), cores: coresFlag(flags.cores) },
    defaultSloMs: numberFlag('--slo-ms', flags.sloMs, { above: 0 }),
    latePolicy: latePolicyFlag(flags.late),
    ...queueOptionsFromFlags(flags),
    upstreamTimeoutMs: upstreamTimeoutFlag(flags),
  });
}

/** A server with a traffic listener and an admin listener apart: an HttpService, the emulator. */
export interface TwoListeners {
  listen(port: number, host: string): Promise<string>;
  listenAdmin(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the traffic listener, then the admin listener; resolves with their base URLs. A port in use or
 * an address that does not resolve is a usage error naming its flags, and closes the server first.
 */
export async function listenApart(server: TwoListeners, at: ListenAddresses): Promise<{ url: string; adminUrl: string }> {
  try {
    const url = await listenOrExplain(() => server.listen(at.port, at.host), '--host/--port', `${at.host}:${at.port}`);
    const adminUrl = await listenOrExplain(
      () => server.listenAdmin(at.adminPort, at.adminHost),
      '--admin-host/--admin-port',
      `${at.adminHost}:${at.adminPort}`,
    );
    return { url, adminUrl };
  } catch (err) {
    await server.close();
    throw err;
  }
}

/** Validates the flags, builds the kind's service and starts it listening on --host:--port and --admin-host:--admin-port. */
export async function startProxy(kind: ProxyKind, flags: DispatcherFlags | StageQueueFlags | RouterFlags | EdfFlags): Promise<RunningProxy> {
  const addresses = listenAddressesFromFlags(flags);
  const drainTimeoutMs = numberFlag('--drain-timeout-ms', flags.drainTimeoutMs, { integer: true, min: 0, max: MAX_TIMEOUT_MS });
  const metricsPort = metricsPortFlag(flags, addresses);
  const service =
    kind === 'dispatcher'
      ? dispatcherFromFlags(flags as DispatcherFlags)
      : kind === 'stage-queue'
        ? stageQueueFromFlags(flags as StageQueueFlags)
        : kind === 'router'
          ? routerFromFlags(flags as RouterFlags)
          : edfFromFlags(flags as EdfFlags);
  const { url, adminUrl } = await listenApart(service, addresses);
  let metrics: RunningMetricsServer | undefined;
  if (metricsPort !== undefined) {
    try {
      metrics = await startMetricsListener(service, metricsPort, addresses.host);
    } catch (err) {
      await service.close();
      throw err;
    }
  }
  let closing: Promise<void> | undefined;
  // The metrics listener outlives the drain: Prometheus sees the last requests answered.
  const close = () => (closing ??= service.shutdown(drainTimeoutMs).finally(() => metrics?.close()));
  return { kind, url, adminUrl, metricsUrl: metrics?.url ?? url, service, close };
}

/** --metrics-port when given: a port, apart from --port and --admin-port (0: any free one). */
function metricsPortFlag(flags: ListenFlags, at: ListenAddresses): number | undefined {
  if (flags.metricsPort === undefined) return undefined;
  const port = numberFlag('--metrics-port', flags.metricsPort, { integer: true, min: 0, max: 65_535 });
  if (port !== 0 && (port === at.port || port === at.adminPort))
    throw new UsageError(`--metrics-port ${port} must differ from --port and --admin-port: the metrics have a listener of their own`);
  return port;
}

/**
 * GET /metrics of the proxy's registry on a listener of its own (with /healthz as the traffic port tells it, and
 * /readyz), bounded as the scaler's metrics port is: a slow client gets 408, connections are capped.
 */
function startMetricsListener(service: HttpService, port: number, host: string): Promise<RunningMetricsServer> {
  return listenOrExplain(
    () =>
      startMetricsServer({
        registries: [service.registry],
        port,
        host,
        health: () => service.healthCheck(),
        onError: (err) => process.stderr.write(`${JSON.stringify(proxyErrorLine(err, 'GET /metrics (metrics port)'))}\n`),
      }),
    '--host/--metrics-port',
    `${host}:${port}`,
  );
}
