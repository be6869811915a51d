import { formatDuration, type Clock } from '@infscale/core';

/** Below this a stall timeout would restart a healthy pod during one slow tick (stallTimeoutMs says why). */
export const MIN_STALL_TIMEOUT_MS = 60_000;
/** A tick owed for this many tick periods has cost that many decisions in a row. */
export const STALL_PERIODS = 3;

/**
 * How long the loop may owe a tick before /healthz fails: max(3 × tick period, 60 s) unless configured.
 * Three periods: one late tick is normal (a slow Prometheus answer, a retried API call; the loop
 * catches up), three missed decisions in a row are not. 60 s at least: the slowest healthy tick with
 * the default timeouts is about 50 s (kube reads: 6 attempts × 5 s request timeout + ≤ 6.2 s of
 * back-off, in parallel; Prometheus: 5 s per query; a lease renewal at submit: 2 × 5 s), and a
 * 1 s Sponge tick must not turn one such tick into a restart.
 */
export function stallTimeoutMs(tickPeriodMs: number, configured?: number): number {
  return configured ?? Math.max(STALL_PERIODS * tickPeriodMs, MIN_STALL_TIMEOUT_MS);
}

export type LoopHealth = { ok: true } | { ok: false; reason: string };

/**
 * What the driver owes: since when it should have made progress (the end of its sleep, or the start
 * of the running tick). The driver reports each change; health() judges it against the clock, so a
 * tick that never returns (a call with no timeout, a bug) fails /healthz and the kubelet restarts the
 * pod, instead of /healthz answering 200 over a dead loop.
 */
export class LoopWatch {
  private owedSince: { ms: number; what: string } | undefined;

  constructor(
    private readonly clock: Clock,
    readonly timeoutMs: number,
  ) {}

  /** The driver sleeps until `untilMs`: nothing is owed before then. */
  sleeping(untilMs: number): void {
    this.owedSince = { ms: untilMs, what: 'the next tick has not started' };
  }

  tickStarted(): void {
    this.owedSince = { ms: this.clock.now(), what: 'the running tick has not finished' };
  }

  /** The driver stopped (SIGTERM): nothing is owed any more. */
  stopped(): void {
    this.owedSince = undefined;
  }

  health(): LoopHealth {
    if (!this.owedSince) return { ok: true };
    const late = this.clock.now() - this.owedSince.ms;
    if (late <= this.timeoutMs) return { ok: true };
    return {
      ok: false,
      reason: `loop stalled: ${this.owedSince.what} for ${formatDuration(Math.round(late))} (limit ${formatDuration(this.timeoutMs)}, loop.stallTimeout)`,
    };
  }
}
