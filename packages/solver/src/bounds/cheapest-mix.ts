/** One way to serve a request: the accuracy it gets and what it costs (e.g. core-seconds). */
export interface ServingOption {
  accuracy: number;
  costPerRequest: number;
}

export interface CheapestMix {
  costPerRequest: number;
  /** Share of requests per option (same order as the input); the shares sum to 1. */
  shares: number[];
}

/**
 * The least mean cost per request over every mix of options whose mean accuracy is ≥ `required`:
 * min Σ x·cost s.t. Σ x = 1, Σ x·accuracy ≥ required, x ≥ 0 — the lower convex hull of
 * (accuracy, cost) at `required`. That LP has two rows, so an optimal vertex uses one option or two
 * options on either side of `required`; trying all of them is exact. Undefined when no option reaches it.
 */
export function cheapestMix(options: readonly ServingOption[], required: number): CheapestMix | undefined {
  let best: CheapestMix | undefined;
  const consider = (cost: number, shares: number[]): void => {
    if (!best || cost < best.costPerRequest) best = { costPerRequest: cost, shares };
  };
  const none = (): number[] => options.map(() => 0);
  options.forEach((o, i) => {
    if (o.accuracy < required) return;
    const shares = none();
    shares[i] = 1;
    consider(o.costPerRequest, shares);
  });
  options.forEach((lo, i) => {
    if (lo.accuracy >= required) return;
    options.forEach((hi, j) => {
      if (hi.accuracy <= required) return;
      // The share on `hi` that lifts the mean exactly to `required`.
      const theta = (required - lo.accuracy) / (hi.accuracy - lo.accuracy);
      const shares = none();
      shares[i] = 1 - theta;
      shares[j] = theta;
      consider((1 - theta) * lo.costPerRequest + theta * hi.costPerRequest, shares);
    });
  });
  return best;
}
