/**
 * (b − 1)/λ in ms: the wait to fill a batch, at most maxWaitMs (the queue sends what it has then).
 * With λ = 0 and no cap only batch 1 is defined (0 ms).
 */
export function queueingMs(batch: number, loadRps: number, maxWaitMs = Infinity): number {
  if (batch === 1) return 0;
  return Math.min(maxWaitMs, loadRps > 0 ? ((batch - 1) / loadRps) * 1000 : Infinity);
}
