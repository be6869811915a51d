/** Time source injected everywhere; decision code never reads the wall clock itself. Milliseconds. */
export interface Clock {
  now(): number;
}

/** A clock that moves only when told to: for tests and virtual-time simulation. */
export class ManualClock implements Clock {
  constructor(private current = 0) {}

  now(): number {
    return this.current;
  }

  set(ms: number): void {
    if (ms < this.current) throw new Error(`clock cannot go back: ${ms} < ${this.current}`);
    this.current = ms;
  }

  advance(ms: number): void {
    this.set(this.current + ms);
  }
}

/** The wall clock, for adapters running in a real cluster. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that never jumps (NTP steps, a changed system time): for judging how long ago something
 * happened, e.g. a lease renewal. Its zero is arbitrary; never write its values anywhere.
 */
export const monotonicClock: Clock = { now: () => performance.now() };
