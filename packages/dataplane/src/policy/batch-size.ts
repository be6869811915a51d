/**
 * Largest batch a queue forms: far above what the papers' servers take (IPA profiles up to 64, Sponge
 * 16) and small enough that one batch's JSON stays a bounded allocation.
 */
export const MAX_BATCH_SIZE = 1024;

/** Throws unless n is a usable batch size (an integer from 1 to MAX_BATCH_SIZE); returns it. */
export function checkBatchSize(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_BATCH_SIZE) throw new Error(`batch size must be an integer from 1 to ${MAX_BATCH_SIZE}, got ${n}`);
  return n;
}
