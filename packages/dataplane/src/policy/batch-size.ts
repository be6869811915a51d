/** Throws unless n is a usable batch size (an integer ≥ 1); returns it. */
export function checkBatchSize(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`batch size must be an integer >= 1, got ${n}`);
  return n;
}
