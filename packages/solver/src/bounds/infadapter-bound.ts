import { cheapestMix } from './cheapest-mix';

export interface BoundVariant {
  name: string;
  accuracy: number;
  /** An upper bound on the req/s one core of this variant can serve (max over n of capacity(n)/n). */
  rpsPerCore: number;
}

export interface CoreSecondsBoundInput {
  /** Requests arriving in each second of the window. */
  arrivals: ArrayLike<number>;
  variants: readonly BoundVariant[];
  /** The load-weighted accuracy the whole window must reach. */
  requiredAccuracy: number;
  /**
   * Share of the requests that may be late or dropped (default 0). They cost nothing and are counted
   * at the best variant's accuracy, so the bound holds however a report counts them (if they are left
   * out of the accuracy instead, the cost only grows).
   */
  freeShare?: number;
}

export interface CoreSecondsBound {
  /** No allocation within the per-core rates serves the window at the accuracy with fewer; Infinity when no mix reaches it. */
  coreSeconds: number;
  requests: number;
  /** The accuracy the served (non-free) requests must reach. */
  servedAccuracy: number;
  /** Share of the served requests per variant name in the cheapest mix. */
  mix: Record<string, number>;
}

/**
 * A lower bound on the core-seconds of any allocation that serves a window at a load-weighted
 * accuracy: each request on variant v uses ≥ 1 / rpsPerCore(v) core-seconds (fractional cores, no
 * minimum per variant, any split over time), so the total is ≥ requests × the cheapest mix's cost
 * per request. The split over seconds does not matter because that cost is the same every second.
 */
export function coreSecondsLowerBound(input: CoreSecondsBoundInput): CoreSecondsBound {
  let requests = 0;
  for (let i = 0; i < input.arrivals.length; i++) requests += input.arrivals[i]!;
  const s = Math.min(1, Math.max(0, input.freeShare ?? 0));
  const bestAccuracy = Math.max(...input.variants.map((v) => v.accuracy));
  // Free requests at the best accuracy lower what the served ones must reach.
  const servedAccuracy = s < 1 ? (input.requiredAccuracy - s * bestAccuracy) / (1 - s) : -Infinity;
  const served = (1 - s) * requests;
  if (served === 0) return { coreSeconds: 0, requests, servedAccuracy, mix: {} };
  const mix = cheapestMix(
    input.variants.map((v) => ({ accuracy: v.accuracy, costPerRequest: 1 / v.rpsPerCore })),
    servedAccuracy,
  );
  if (!mix) return { coreSeconds: Infinity, requests, servedAccuracy, mix: {} };
  return {
    coreSeconds: served * mix.costPerRequest,
    requests,
    servedAccuracy,
    mix: Object.fromEntries(input.variants.flatMap((v, i) => (mix.shares[i]! > 0 ? [[v.name, mix.shares[i]!]] : []))),
  };
}

/** The most req/s per core over (cores, req/s) points: an upper bound on a variant's rate per core. */
export function maxRpsPerCore(points: readonly { cores: number; rps: number }[]): number {
  let best = 0;
  for (const p of points) if (p.cores > 0) best = Math.max(best, p.rps / p.cores);
  return best;
}
