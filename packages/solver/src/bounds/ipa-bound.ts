import { fractionalMultipleChoice, type ChoiceItem } from './fractional-choice';

/** What the bound needs of a pipeline: per stage its variants, accuracy as a fraction, base cores, profile. */
export interface BoundPipeline {
  stages: readonly {
    name: string;
    variants: readonly { name: string; accuracy: number; baseCores: number; points: readonly { throughputRps: number }[] }[];
  }[];
}

export interface PasBoundInput {
  /** Requests arriving in each second of the window. */
  arrivals: ArrayLike<number>;
  pipeline: BoundPipeline;
  /** Mean cores over the window the system may use. */
  budgetMeanCores: number;
  /** Length of a decision interval, s (default 10). */
  intervalS?: number;
  /**
   * Share of the requests that may be late or dropped (default 0): they cost nothing and count at the
   * best configuration's PAS, so the bound holds however a report counts them.
   */
  freeShare?: number;
  /**
   * What an interval's replicas must carry (whole-replica bound only): `mean`, its mean rate (the
   * default: queues may hold any burst within the interval); `peak-second`, its busiest second's rate
   * (a system that keeps up with every second, as IPA's program plans).
   */
  sizing?: 'mean' | 'peak-second';
}

/** A configuration: one variant per stage. */
export interface PipelineConfiguration {
  variants: string[];
  /** Product of the stages' accuracies. */
  pas: number;
  /** Σ over stages of baseCores / best throughput: core-seconds one request needs at least. */
  coreSecondsPerRequest: number;
  /** Per stage: cores of one replica of its variant and that replica's best throughput (req/s). */
  stages: { baseCores: number; throughputRps: number }[];
}

export type PasBound =
  | {
      feasible: true;
      /** No system within the budget that keeps up has a higher load-weighted PAS. */
      pas: number;
      /** Mean cores of the bound's solution (≤ budget). */
      meanCores: number;
      /** Share of the served requests per configuration (variants joined by "+"), over the window. */
      mix: Record<string, number>;
    }
  | {
      feasible: false;
      /** Mean cores the cheapest configuration needs to keep up: more than the budget. */
      minMeanCores: number;
    };

/** Every combination of one variant per stage, with its PAS and least core-seconds per request. */
export function pipelineConfigurations(pipeline: BoundPipeline): PipelineConfiguration[] {
  let out: PipelineConfiguration[] = [{ variants: [], pas: 1, coreSecondsPerRequest: 0, stages: [] }];
  for (const stage of pipeline.stages) {
    const next: PipelineConfiguration[] = [];
    const best = stage.variants.map((v) => ({ baseCores: v.baseCores, throughputRps: Math.max(0, ...v.points.map((p) => p.throughputRps)) }));
    for (const c of out) {
      stage.variants.forEach((v, i) => {
        const b = best[i]!;
        next.push({
          variants: [...c.variants, v.name],
          pas: c.pas * v.accuracy,
          coreSecondsPerRequest: c.coreSecondsPerRequest + (b.throughputRps > 0 ? b.baseCores / b.throughputRps : Infinity),
          stages: [...c.stages, b],
        });
      });
    }
    out = next;
  }
  return out;
}

/** One decision interval of the window: its requests and its length (the last may be shorter). */
export interface WindowInterval {
  count: number;
  lengthS: number;
  /** Requests in each of its seconds. */
  seconds: number[];
}

/** The window cut into decision intervals of `intervalS` seconds. */
export function windowIntervals(arrivals: ArrayLike<number>, intervalS: number): WindowInterval[] {
  const out: WindowInterval[] = [];
  for (let start = 0; start < arrivals.length; start += intervalS) {
    const end = Math.min(arrivals.length, start + intervalS);
    const seconds: number[] = [];
    let count = 0;
    for (let i = start; i < end; i++) {
      count += arrivals[i]!;
      seconds.push(arrivals[i]!);
    }
    out.push({ count, lengthS: end - start, seconds });
  }
  return out;
}

/** The configurations that can serve at all, the free share clamped to [0, 1] and the best PAS. */
export function boundSetup(input: PasBoundInput): { configs: PipelineConfiguration[]; freeShare: number; bestPas: number } {
  const configs = pipelineConfigurations(input.pipeline).filter((c) => Number.isFinite(c.coreSecondsPerRequest));
  return { configs, freeShare: Math.min(1, Math.max(0, input.freeShare ?? 0)), bestPas: Math.max(0, ...configs.map((c) => c.pas)) };
}

/**
 * An upper bound on the load-weighted PAS of any system that serves the window's requests within a
 * mean-core budget. Per interval a configuration costs Σ baseCores·λ̄/maxThroughput (fractional
 * replicas at the interval's mean rate and the best batch: no system that keeps up needs less), and
 * the intervals' choices may be mixed (the LP of a multiple-choice knapsack, solved exactly).
 * Latency, integer replicas and reconfiguration are ignored, which only raises the bound.
 */
export function pasUpperBound(input: PasBoundInput): PasBound {
  const { configs, freeShare: s, bestPas } = boundSetup(input);
  const durationS = input.arrivals.length;
  const counts = windowIntervals(input.arrivals, input.intervalS ?? 10).map((w) => w.count);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0 || s === 1) return { feasible: true, pas: bestPas, meanCores: 0, mix: {} };
  // Served requests per interval: the free share is taken evenly, which is no loss as the cost per
  // request is the same in every interval. Length × λ̄ = the interval's count, so cost = n·c/T.
  const served = counts.map((n) => (1 - s) * n);
  const servedTotal = (1 - s) * total;
  const classes: ChoiceItem[][] = served.map((n) =>
    configs.map((c) => ({ cost: (n * c.coreSecondsPerRequest) / durationS, value: (n * c.pas) / servedTotal })),
  );
  const solved = fractionalMultipleChoice(classes, input.budgetMeanCores);
  if (!solved) {
    const cheapest = Math.min(...configs.map((c) => c.coreSecondsPerRequest));
    return { feasible: false, minMeanCores: (servedTotal * cheapest) / durationS };
  }
  const mix: Record<string, number> = {};
  solved.weights.forEach((w, t) =>
    w.forEach((x, k) => {
      if (x <= 0) return;
      const key = configs[k]!.variants.join('+');
      mix[key] = (mix[key] ?? 0) + (x * served[t]!) / servedTotal;
    }),
  );
  return { feasible: true, pas: s * bestPas + (1 - s) * solved.value, meanCores: solved.cost, mix };
}
