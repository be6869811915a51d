import { fractionalMultipleChoiceLimited, type LimitedChoiceItem } from './fractional-choice';
import type { BoundVariant } from './infadapter-bound';

/**
 * The clairvoyant frontier of InfAdapter's problem: what any scaler could do on a window if it knew
 * each interval's peak in advance. Per interval the allocation is fixed and sized for the interval's
 * peak second, split between variants in any fractional shares (fractional cores, one variant's
 * capacity = its best req/s per core × its cores, within `maxCores` in all); a share of the requests
 * (at most `freeShare` of the window's) may go unserved, cost nothing and count at the best accuracy.
 * Both questions are the LP of a multiple-choice knapsack with a second budget, solved exactly.
 */
export interface FrontierInput {
  /** Requests arriving in each second of the window. */
  arrivals: ArrayLike<number>;
  variants: readonly BoundVariant[];
  /** Length of an interval whose peak is known in advance (default 30 s, InfAdapter's decision interval). */
  intervalS?: number;
  /** Most cores at any time (default 20, the paper's budget). */
  maxCores?: number;
  /** Most share of the requests that may be late or dropped (default 0.01). */
  freeShare?: number;
}

export interface FrontierPoint {
  /** A lower bound on the core-seconds (leastCoreSecondsAt) or the core-seconds allowed (mostAccuracyWithin). */
  coreSeconds: number;
  /** The load-weighted accuracy required (leastCoreSecondsAt) or an upper bound on the reachable one (mostAccuracyWithin). */
  accuracy: number;
  /** Share of the window's requests the solution leaves unserved (≤ freeShare). */
  freeShare: number;
  requests: number;
  durationS: number;
}

interface FrontierSetup {
  classes: LimitedChoiceItem[][];
  requests: number;
  limit: number;
  durationS: number;
}

/** One interval's vertices: each variant alone (if it fits), all free, and the mixes on the core limit. */
function intervalItems(
  peakRps: number,
  count: number,
  lengthS: number,
  variants: readonly BoundVariant[],
  maxCores: number,
  bestAccuracy: number,
): LimitedChoiceItem[] {
  const pure = [
    { cores: 0, item: { cost: 0, value: count * bestAccuracy, use: count } },
    ...variants.map((v) => {
      const cores = v.rpsPerCore > 0 ? peakRps / v.rpsPerCore : peakRps > 0 ? Infinity : 0;
      return { cores, item: { cost: lengthS * cores, value: count * v.accuracy, use: 0 } };
    }),
  ];
  const fits = pure.filter((p) => p.cores <= maxCores);
  const out = fits.map((p) => p.item);
  // Where an edge between a fitting and a too-large choice crosses the core limit: new vertices.
  for (const a of fits) {
    for (const b of pure) {
      if (b.cores <= maxCores || !Number.isFinite(b.cores)) continue;
      const theta = (maxCores - a.cores) / (b.cores - a.cores);
      out.push({
        cost: (1 - theta) * a.item.cost + theta * b.item.cost,
        value: (1 - theta) * a.item.value + theta * b.item.value,
        use: (1 - theta) * a.item.use + theta * b.item.use,
      });
    }
  }
  return out;
}

function setup(input: FrontierInput): FrontierSetup {
  const intervalS = input.intervalS ?? 30;
  const maxCores = input.maxCores ?? 20;
  const bestAccuracy = Math.max(...input.variants.map((v) => v.accuracy));
  const classes: LimitedChoiceItem[][] = [];
  let requests = 0;
  for (let start = 0; start < input.arrivals.length; start += intervalS) {
    const end = Math.min(input.arrivals.length, start + intervalS);
    let peak = 0;
    let count = 0;
    for (let s = start; s < end; s++) {
      peak = Math.max(peak, input.arrivals[s]!);
      count += input.arrivals[s]!;
    }
    requests += count;
    classes.push(intervalItems(peak, count, end - start, input.variants, maxCores, bestAccuracy));
  }
  const share = Math.min(1, Math.max(0, input.freeShare ?? 0.01));
  return { classes, requests, limit: share * requests, durationS: input.arrivals.length };
}

/**
 * The fewest core-seconds any allocation in the frontier's model needs to serve the window at a
 * load-weighted accuracy ≥ `requiredAccuracy`; undefined when no allocation reaches it. The LP's dual
 * value is returned, so the figure is a bound (rounding can only lower it).
 */
export function leastCoreSecondsAt(input: FrontierInput, requiredAccuracy: number): FrontierPoint | undefined {
  const s = setup(input);
  if (s.requests === 0) return { coreSeconds: 0, accuracy: requiredAccuracy, freeShare: 0, requests: 0, durationS: s.durationS };
  // min Σ cost s.t. Σ value ≥ V  ⇔  max Σ (−cost) s.t. Σ (−value) ≤ −V: the same knapsack LP.
  const flipped = s.classes.map((items) => items.map((x) => ({ cost: -x.value, value: -x.cost, use: x.use })));
  const r = fractionalMultipleChoiceLimited(flipped, -requiredAccuracy * s.requests, s.limit);
  if (!r) return undefined;
  return { coreSeconds: Math.max(0, -r.upper), accuracy: requiredAccuracy, freeShare: r.use / s.requests, requests: s.requests, durationS: s.durationS };
}

/** The highest load-weighted accuracy any allocation in the frontier's model reaches within `coreSeconds`. */
export function mostAccuracyWithin(input: FrontierInput, coreSeconds: number): FrontierPoint | undefined {
  const s = setup(input);
  if (s.requests === 0) return { coreSeconds, accuracy: Math.max(...input.variants.map((v) => v.accuracy)), freeShare: 0, requests: 0, durationS: s.durationS };
  const r = fractionalMultipleChoiceLimited(s.classes, coreSeconds, s.limit);
  if (!r) return undefined;
  return { coreSeconds, accuracy: r.upper / s.requests, freeShare: r.use / s.requests, requests: s.requests, durationS: s.durationS };
}
