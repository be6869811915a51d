import type { Clock } from '@infscale/core';

/** setTimeout's largest delay (2^31 − 1 ms, ~24.8 days); a longer one fires after 1 ms instead. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * One timer that calls wake() at the earliest time asked for: how the HTTP services give the pure
 * queues the nextDeadlineMs() wake-ups that the simulator gives them as events.
 */
export class WakeupTimer {
  private timer: NodeJS.Timeout | undefined;
  private atMs = Infinity;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly wake: () => void,
  ) {}

  /**
   * Ensures wake() runs at or soon after atMs (now if already past); keeps an earlier pending wake.
   * A time past setTimeout's range wakes at the end of the range (the caller then asks again).
   */
  schedule(atMs: number): void {
    if (this.stopped || (this.timer && this.atMs <= atMs)) return;
    this.cancel();
    this.atMs = atMs;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.atMs = Infinity;
        this.wake();
      },
      Math.min(MAX_TIMER_MS, Math.max(0, atMs - this.clock.now())),
    );
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.atMs = Infinity;
  }

  /**
   * Cancels for good: a closed service's last callbacks (a batch failing as its upstream connections
   * are destroyed) may still ask for a wake-up, which would keep the process alive until it fires.
   */
  stop(): void {
    this.cancel();
    this.stopped = true;
  }
}
