import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage } from '@infscale/core';

/**
 * Polls `probe` until it returns a value other than undefined, and returns that value. On timeout
 * the error names what was awaited and the last thing the probe saw (its `describe`, else its last
 * error), so a failed cluster test says what state the cluster was stuck in.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs?: number; intervalMs?: number; describe?: () => string } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const seen = options.describe?.() ?? (lastError === undefined ? '' : errorMessage(lastError));
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${seen ? `; last seen: ${seen}` : ''}`);
    }
    await sleep(options.intervalMs ?? 100);
  }
}

/** until() for a check that answers false while not yet there: polls every 50 ms, `timeoutMs` in all. */
export function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  return until(
    what,
    async () => {
      const value = await check();
      return value === false ? undefined : value;
    },
    { timeoutMs, intervalMs: 50 },
  );
}
