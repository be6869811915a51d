import type { Clock } from '@infscale/core';

/** The simulator's clock: a plain field the event loop moves forward (a call per event would cost). */
export class VirtualClock implements Clock {
  nowMs = 0;

  now(): number {
    return this.nowMs;
  }
}
