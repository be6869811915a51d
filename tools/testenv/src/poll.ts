import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `probe` until it returns a value other than undefined, and returns that value. On timeout
 * the error names what was awaited and the last thing the probe saw (its `describe`), so a failed
 * cluster test says what state the cluster was stuck in.
 */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, options: { timeoutMs?: number; intervalMs?: number; describe?: () => string } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const seen = options.describe?.() ?? (lastError instanceof Error ? lastError.message : lastError === undefined ? '' : String(lastError));
      throw new Error(`timed out after ${options.timeoutMs ?? 30_000} ms waiting for ${what}${seen ? `; last seen: ${seen}` : ''}`);
    }
    await sleep(options.intervalMs ?? 100);
  }
}
