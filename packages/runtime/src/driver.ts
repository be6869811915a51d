import { errorMessage, type Clock, type DecisionRecord, type Logger, errorStack } from '@infscale/core';
import type { ScalerMetrics } from '@infscale/metrics';
import { abortableSleep, type Sleep } from './abortable-sleep';
import { logDecision } from './decision-log';
import type { LoopWatch } from './loop-watch';

/** What the driver needs of a ControllerLoop. */
export interface TickingLoop {
  nextDueMs(): number;
  tick(): Promise<DecisionRecord>;
}

export interface DriveOptions {
  loop: TickingLoop;
  /** Scaler name, on every log line. */
  name: string;
  clock: Clock;
  /** Waits until the next tick; must return early when `signal` aborts. */
  sleep?: Sleep;
  /** Stops the driver between ticks; a running tick always finishes. */
  signal?: AbortSignal;
  metrics?: Pick<ScalerMetrics, 'recordTick' | 'recordError'>;
  logger: Logger;
  /** After a tick that threw, wait at least this long (a loop whose due time did not move must not spin). */
  errorBackoffMs?: number;
  /** Stop after this many ticks (--once, tests). */
  maxTicks?: number;
  /** Called with every record, after it is logged and counted. */
  onRecord?: (record: DecisionRecord) => void;
  /** Told when the driver sleeps and ticks, for /healthz. */
  watch?: LoopWatch;
}

export interface DriveSummary {
  ticks: number;
  errors: number;
}

/**
 * Drives a ControllerLoop in real time: sleep until nextDueMs(), tick, time the tick, count it, log
 * the decision with its reason; repeat until the signal aborts. Ticks never overlap (each awaits the
 * last). If a tick ran late, the next one follows at once, as the loop's schedule says. Anything a
 * tick throws is logged and counted and the driver keeps going: a scaler process never dies of one
 * bad interval.
 */
export async function driveLoop(options: DriveOptions): Promise<DriveSummary> {
  const { loop, name, clock, signal, metrics, logger } = options;
  const sleep = options.sleep ?? abortableSleep;
  const errorBackoffMs = options.errorBackoffMs ?? 1_000;
  const summary: DriveSummary = { ticks: 0, errors: 0 };
  const watch = options.watch;
  let notBeforeMs = -Infinity;
  while (!signal?.aborted && summary.ticks < (options.maxTicks ?? Infinity)) {
    const dueMs = Math.max(loop.nextDueMs(), notBeforeMs);
    watch?.sleeping(dueMs);
    const waitMs = dueMs - clock.now();
    if (waitMs > 0) await sleep(waitMs, signal);
    if (signal?.aborted) break;
    watch?.tickStarted();
    const startMs = clock.now();
    summary.ticks += 1;
    try {
      const record = await loop.tick();
      const seconds = (clock.now() - startMs) / 1000;
      metrics?.recordTick(record, seconds);
      logDecision(logger, name, record, seconds);
      options.onRecord?.(record);
    } catch (err) {
      summary.errors += 1;
      metrics?.recordError();
      logger.error(`${name}: tick failed`, { scaler: name, error: errorMessage(err), stack: errorStack(err) });
      notBeforeMs = clock.now() + errorBackoffMs;
    }
  }
  watch?.stopped();
  return summary;
}
