/** Integer quotas per target (variant name → requests per frame). */
export type Quotas = Record<string, number>;

/** Throws with the offending name unless every quota is a non-negative safe integer. */
export function validateQuotas(quotas: Quotas): void {
  for (const [name, quota] of Object.entries(quotas)) {
    if (!Number.isSafeInteger(quota) || quota < 0) {
      throw new Error(`quota of "${name}" must be a non-negative integer, got ${String(quota)}`);
    }
  }
}
