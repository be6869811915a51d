/** Integer quotas per target (variant name → requests per frame). */
export type Quotas = Record<string, number>;

/**
 * Largest quota of one target. InfAdapter's quotas are requests per second, and one dispatcher
 * carries ~10,000 req/s per core: a million leaves room and keeps the frame's credit sums exact.
 */
export const MAX_QUOTA = 1_000_000;

/** Throws with the offending name unless every quota is an integer from 0 to MAX_QUOTA. */
export function validateQuotas(quotas: Quotas): void {
  for (const [name, quota] of Object.entries(quotas)) {
    if (!Number.isSafeInteger(quota) || quota < 0 || quota > MAX_QUOTA) {
      throw new Error(`quota of "${name}" must be an integer from 0 to ${MAX_QUOTA}, got ${String(quota)}`);
    }
  }
}
