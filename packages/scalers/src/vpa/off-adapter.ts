/**
 * The InfAdapter paper's adapter over a VPA in Off mode (its code, VPA_TYPE "P"): every read it takes
 * the VPA's target rounded up to whole cores; a higher target is applied at once; a target lower than
 * or equal to the current cores is held until it has been read that way `downscaleAfterReads` times in
 * a row, and the next such read is applied (resetting the count). A missing recommendation reads as
 * the current cores.
 */
export interface OffAdapterStep {
  /** Cores to apply now, or undefined to hold. */
  apply?: number;
  /** Consecutive reads at or below the current cores so far. */
  lowerReads: number;
}

export function offAdapterStep(currentCores: number, targetCores: number | undefined, lowerReads: number, downscaleAfterReads: number): OffAdapterStep {
  const target = targetCores === undefined ? currentCores : Math.ceil(targetCores - 1e-9);
  if (target <= currentCores && lowerReads < downscaleAfterReads) return { lowerReads: lowerReads + 1 };
  return { ...(target !== currentCores ? { apply: target } : {}), lowerReads: 0 };
}
