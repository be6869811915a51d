/** One raw recommendation and when it was made. */
export interface TimedRecommendation {
  atMs: number;
  replicas: number;
}

/**
 * Downscale stabilization (horizontal.go stabilizeRecommendation): the replicas used are the highest
 * recommendation of the window, this one included; the list keeps only the window.
 */
export function stabilize(
  history: readonly TimedRecommendation[],
  nowMs: number,
  replicas: number,
  windowMs: number,
): { replicas: number; history: TimedRecommendation[] } {
  const kept = history.filter((r) => r.atMs > nowMs - windowMs);
  const max = kept.reduce((m, r) => Math.max(m, r.replicas), replicas);
  return { replicas: max, history: [...kept, { atMs: nowMs, replicas }] };
}

/** Legacy scale rules (convertDesiredReplicasWithRules): min/max, and at most max(2 × current, 4) up. */
export function limitReplicas(
  current: number,
  desired: number,
  min: number,
  max: number,
  factor: number,
  minimumUp: number,
): { replicas: number; limited?: string } {
  const upLimit = Math.max(Math.ceil(factor * current), minimumUp);
  const allowed = Math.min(max, upLimit);
  if (desired < min) return { replicas: min, limited: `below minReplicas ${min}` };
  if (desired > allowed)
    return { replicas: allowed, limited: allowed === max ? `above maxReplicas ${max}` : `scale-up limit max(${factor}×${current}, ${minimumUp})` };
  return { replicas: desired };
}
