/**
 * Keys of an InfAdapter (or MS+) decision's `details`, for the app's metrics exporter. Names follow
 * Prometheus units (`_rps`, `_ms`): the exporter maps `predictedLoadRps` to
 * `infscale_infadapter_predicted_load_rps` and the per-variant keys to a `{variant}` label.
 */
export const INFADAPTER_DETAIL_KEYS = {
  /** λ the program was solved for: forecast × headroom, rounded up (req/s). */
  predictedLoadRps: 'predictedLoadRps',
  /** What the forecaster said before rounding, and which method answered (lstm, ewma, oracle). */
  forecastRps: 'forecastRps',
  forecastMethod: 'forecastMethod',
  /** Capacity of the running configuration before the decision, and of the decided one (req/s). */
  currentCapacityRps: 'currentCapacityRps',
  capacityRps: 'capacityRps',
  /** The program's objective at the decision (accuracy − α·cores/B − β·loading). */
  objective: 'objective',
  solveMs: 'solveMs',
  /** Load-weighted accuracy expected from the quotas. */
  expectedAccuracy: 'expectedAccuracy',
  totalCores: 'totalCores',
  /** optimal | infeasible (largest capacity instead). */
  solverStatus: 'solverStatus',
  /** improved: the factor λ is planned at over the forecast held between the recent peaks (improved-load.ts), learned from the forecast's errors. */
  marginFactor: 'marginFactor',
} as const;

export type InfAdapterDetailKey = (typeof INFADAPTER_DETAIL_KEYS)[keyof typeof INFADAPTER_DETAIL_KEYS];

/** Per-variant keys: `cores.<variant>` and `quotaRps.<variant>` (0 for variants switched off). */
export const variantCoresKey = (variant: string): string => `cores.${variant}`;
export const variantQuotaKey = (variant: string): string => `quotaRps.${variant}`;
/** improved: the calibrated capacity model's planned req/s per core of the variant at resourcePolicy.maxCores. */
export const variantRateKey = (variant: string): string => `rpsPerCore.${variant}`;
