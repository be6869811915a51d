/** Downscale stabilization state: consecutive decisions that found the forecast within capacity. */
export interface DownscaleState {
  waited: number;
}

export type StabilizationVerdict = { act: true; waited: 0; why: string } | { act: false; waited: number; why: string };

/**
 * The paper's rule: a forecast above the running capacity is acted on at once (scale up); otherwise
 * the scaler skips up to `limit` consecutive decisions before it may scale down, so one quiet minute
 * does not tear down capacity that the next burst needs.
 */
export function stabilizeDownscale(loadRps: number, capacityRps: number, state: DownscaleState, limit: number): StabilizationVerdict {
  if (loadRps > capacityRps) return { act: true, waited: 0, why: `λ=${loadRps} req/s > capacity ${capacityRps}` };
  if (state.waited < limit) {
    return {
      act: false,
      waited: state.waited + 1,
      why: `λ=${loadRps} req/s ≤ capacity ${capacityRps}: waiting before scaling down (${state.waited + 1}/${limit})`,
    };
  }
  return { act: true, waited: 0, why: `λ=${loadRps} req/s ≤ capacity ${capacityRps} for ${limit + 1} decisions` };
}
