import type { CpuRecommendation } from './recommender';

export interface UpdaterSettings {
  /** Relative change of request that justifies an update of a pod old enough (VPA: 0.1). */
  updateThreshold: number;
  /** Pods younger than this are updated only when outside [lower, upper] (VPA: 12 h). */
  podLifetimeThresholdMs: number;
  /** The updater leaves deployments with fewer replicas alone (VPA: 2; per-VPA minReplicas overrides). */
  minReplicas: number;
}

export const VPA_UPDATER_DEFAULTS: UpdaterSettings = { updateThreshold: 0.1, podLifetimeThresholdMs: 12 * 3600 * 1000, minReplicas: 2 };

export type UpdateVerdict = { update: true; why: string } | { update: false; why: string };

/**
 * The updater's priority rule (updater/priority/update_priority_calculator.go): update when the
 * request is outside [lower, upper]; otherwise only if the pod has lived past the lifetime threshold
 * and the target differs from the request by at least the update threshold.
 */
export function shouldUpdate(
  requestCores: number,
  rec: CpuRecommendation,
  podAgeMs: number,
  replicas: number,
  s: UpdaterSettings = VPA_UPDATER_DEFAULTS,
): UpdateVerdict {
  if (replicas < s.minReplicas) return { update: false, why: `${replicas} replica(s) < minReplicas ${s.minReplicas}` };
  if (requestCores < rec.lowerBound) return { update: true, why: `request ${requestCores} < lower bound ${rec.lowerBound}` };
  if (requestCores > rec.upperBound) return { update: true, why: `request ${requestCores} > upper bound ${rec.upperBound}` };
  const diff = Math.abs(rec.target - requestCores) / requestCores;
  if (podAgeMs < s.podLifetimeThresholdMs)
    return { update: false, why: `within [${rec.lowerBound}, ${rec.upperBound}] and pods younger than ${s.podLifetimeThresholdMs / 3.6e6} h` };
  if (diff < s.updateThreshold) return { update: false, why: `target ${rec.target} within ${s.updateThreshold * 100} % of request ${requestCores}` };
  return { update: true, why: `target ${rec.target} differs from request ${requestCores} by ${(diff * 100).toFixed(1)} %` };
}
