import { errorMessage, type DecisionRecord } from '@infscale/core';
import { startMetricsServer } from '@infscale/metrics';
import { collectDefaultMetrics } from 'prom-client';
import { assemble, type Assembly, type ScalerProcessOptions } from './assemble';
import { driveLoop, type DriveSummary } from './driver';
import { keepLeading } from './lease-keeper';
import { LoopWatch, stallTimeoutMs } from './loop-watch';
import { releaseLease, type LeaseReleaseOutcome } from './lease-release';
import { onShutdownSignals, type SignalSource } from './shutdown-signals';

export interface RunScalerProcessOptions<State> extends ScalerProcessOptions<State> {
  /** Stop on SIGTERM/SIGINT (default: on, from `process`). */
  signals?: SignalSource | false;
  /** Called with every tick's record after it is logged and counted. */
  onRecord?: (record: DecisionRecord) => void;
}

export interface RunningScaler {
  /** Base URL of /metrics, /healthz and /readyz. */
  readonly url: string;
  readonly port: number;
  /** True once the cluster has been read once (what /readyz answers). */
  ready(): boolean;
  lastRecord(): DecisionRecord | undefined;
  /** Resolves once the process has stopped (stop() or a signal) and released what it held. */
  readonly stopped: Promise<StopSummary>;
  /** Finishes the running tick, waits for the running plan (up to loop.shutdownGraceMs), releases the lease, closes the server. Idempotent. */
  stop(reason?: string): Promise<StopSummary>;
}

export interface StopSummary extends DriveSummary {
  /** What happened to the Lease; undefined when leader election was off or the run was dry. */
  lease?: LeaseReleaseOutcome | 'kept: plan still running' | `failed: ${string}`;
}

/** Waits for the actuator's running plan, at most `graceMs`; true if it finished. */
async function planFinished(parts: Assembly<unknown>, graceMs: number): Promise<boolean> {
  if (!parts.actuator.status().busy) return true;
  const timeout = new AbortController();
  const finished = await Promise.race([parts.actuator.whenIdle().then(() => true), parts.sleep(graceMs, timeout.signal).then(() => false)]);
  timeout.abort();
  return finished;
}

/** Reads the cluster once so /readyz and the current_* gauges do not wait for the first tick. */
async function firstRead(parts: Assembly<unknown>): Promise<void> {
  try {
    await parts.observed.current();
  } catch (err) {
    parts.logger.warn('cannot read the cluster yet; the first tick will retry', { error: errorMessage(err) });
  }
}

/**
 * One scaler process: Prometheus → ControllerLoop(scaler, forecaster) → Kubernetes, driven in real
 * time, with /metrics (the scaler's metrics and the Node.js process metrics), /healthz (503 once the
 * loop stalls, see LoopWatch) and /readyz. With leader election on, the lease is renewed (or, by a
 * standby, tried) every retry period in the background.
 * SIGTERM/SIGINT stop it gracefully: the running tick finishes, the running plan gets
 * loop.shutdownGraceMs to finish, then the Lease is released so another replica takes over at once.
 * A plan still running after the grace keeps the lease (it expires by itself): releasing it would
 * let another replica act while ours still does.
 */
export async function runScalerProcess<State>(options: RunScalerProcessOptions<State>): Promise<RunningScaler> {
  const parts = assemble(options) as Assembly<unknown>;
  const { config, name } = options;
  const { logger, clock, metrics } = parts;
  collectDefaultMetrics({ register: parts.processRegistry });
  const watch = new LoopWatch(clock, stallTimeoutMs(options.scaler.intervalMs, config.loop.stallTimeout));
  const server = await startMetricsServer({
    registries: [metrics.registry, parts.processRegistry],
    port: config.server.port,
    host: config.server.host,
    ready: () => parts.observed.successfulReads > 0,
    health: () => watch.health(),
    onError: (err) => logger.warn('collecting the metrics for a scrape failed: the scrape got a 500', { error: String(err) }),
  });
  logger.info(`${name} starting`, {
    metrics: server.url,
    namespace: config.kubernetes.namespace,
    prometheus: config.prometheus.serverAddress,
    intervalMs: options.scaler.intervalMs,
    dryRun: config.loop.dryRun,
    lease: parts.lease?.name,
    identity: parts.lease?.identity,
    stallTimeoutMs: watch.timeoutMs,
  });
  const abort = new AbortController();
  const keeping = parts.lease ? keepLeading(parts.kube, config.kubernetes.leaderElection.retryPeriod, parts.sleep, abort.signal) : Promise.resolve();
  await firstRead(parts);

  let last: DecisionRecord | undefined;
  const driving = driveLoop({
    loop: parts.loop,
    name,
    clock,
    sleep: parts.sleep,
    signal: abort.signal,
    metrics,
    logger,
    errorBackoffMs: config.loop.errorBackoffMs,
    watch,
    onRecord: (record) => {
      last = record;
      options.onRecord?.(record);
    },
  });

  let stopping: Promise<StopSummary> | undefined;
  let removeSignals = () => undefined as void;
  const stop = (reason = 'stop() called'): Promise<StopSummary> => {
    stopping ??= (async () => {
      logger.info(`${name} stopping`, { reason });
      abort.abort();
      const summary: StopSummary = await driving;
      await keeping;
      if (parts.lease) {
        const { name: leaseName, identity } = parts.lease;
        if (!(await planFinished(parts, config.loop.shutdownGraceMs))) summary.lease = 'kept: plan still running';
        else summary.lease = await releaseLease(parts.api, leaseName, identity, clock).catch((err: unknown) => `failed: ${errorMessage(err)}` as const);
      }
      await server.close();
      removeSignals();
      logger.info(`${name} stopped`, { ...summary });
      return summary;
    })();
    return stopping;
  };
  if (options.signals !== false) removeSignals = onShutdownSignals((signal) => void stop(signal), options.signals);
  let resolveStopped: (s: StopSummary) => void = () => undefined;
  const stopped = new Promise<StopSummary>((resolve) => (resolveStopped = resolve));
  // A signal or stop() both end here; callers await `stopped` to exit after a signal.
  void driving.then(() => stop()).then(resolveStopped);

  return {
    url: server.url,
    port: server.port,
    ready: () => parts.observed.successfulReads > 0,
    lastRecord: () => last,
    stopped,
    stop,
  };
}
