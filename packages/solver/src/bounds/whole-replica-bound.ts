import { fractionalMultipleChoiceLimited, leastCostWithin, type LimitedChoiceItem } from './fractional-choice';
import { boundSetup, windowIntervals, type PasBound, type PasBoundInput, type PipelineConfiguration, type WindowInterval } from './ipa-bound';

// Replicas for a load of `x` replica-loads; the slack keeps an exact multiple (a breakpoint) from
// rounding up, and can only lower the cost, so the bound stays a bound.
const replicas = (x: number): number => Math.ceil(x - 1e-9);

/** Requests over `level` in the interval's seconds: what must be left free for no second to exceed it. */
function overLevel(w: WindowInterval, level: number): number {
  return w.seconds.reduce((a, c) => a + Math.max(0, c - level), 0);
}

/** The lowest per-second level the interval's seconds fit under with `free` requests taken off their tops. */
function levelAfter(w: WindowInterval, free: number): number {
  const sorted = [...w.seconds].sort((a, b) => b - a);
  let removed = 0;
  for (let k = 0; k < sorted.length; k++) {
    const next = sorted[k + 1] ?? 0;
    // Lowering the k + 1 busiest seconds from sorted[k] to next frees (k + 1)·(sorted[k] − next).
    const step = (k + 1) * (sorted[k]! - next);
    if (removed + step >= free) return sorted[k]! - (free - removed) / (k + 1);
    removed += step;
  }
  return 0;
}

/**
 * Whole replicas per stage of a configuration that serves `served` of an interval's requests, sized
 * for the interval's mean rate, or for its busiest second after the free requests are taken off the
 * busiest seconds' tops (the cheapest way to leave them).
 */
function wholeReplicas(c: PipelineConfiguration, served: number, w: WindowInterval, sizing: 'mean' | 'peak-second'): number[] {
  const rate = sizing === 'peak-second' ? levelAfter(w, w.count - served) : served / w.lengthS;
  return c.stages.map((st) => replicas(rate / st.throughputRps));
}

/**
 * Requests of an interval worth leaving free under one configuration: none, as many as allowed, and
 * every count that brings a stage's load down to a whole number of replicas. Between two of these
 * the replicas do not change, so any other count is beaten by a mix of its neighbours.
 */
function freeCounts(c: PipelineConfiguration, w: WindowInterval, limit: number, sizing: 'mean' | 'peak-second'): number[] {
  const count = w.count;
  const top = Math.min(limit, count);
  const out = new Set([0, top]);
  for (const st of c.stages) {
    if (sizing === 'peak-second') {
      // The frees that bring the busiest second down to a whole number of replicas' throughput.
      for (let m = Math.floor(Math.max(...w.seconds, 0) / st.throughputRps); m >= 0; m--) {
        const free = overLevel(w, m * st.throughputRps);
        if (free > top) break;
        out.add(free);
      }
      continue;
    }
    const perReplica = w.lengthS * st.throughputRps;
    for (let m = Math.floor(count / perReplica); count - m * perReplica <= top && m >= 0; m--) out.add(Math.max(0, count - m * perReplica));
  }
  return [...out].sort((a, b) => a - b);
}

/** One choice for one interval: a configuration, the requests it leaves free, its whole replicas and mean cores. */
export interface WholeReplicaOption {
  /** Index into the configurations. */
  k: number;
  free: number;
  served: number;
  /** Per stage. */
  replicas: number[];
  /** Mean cores over the window this interval's replicas add. */
  cost: number;
}

/** Every choice worth considering in each interval (freeCounts: any other free count is beaten by a mix of these). */
export function wholeReplicaOptions(
  configs: readonly PipelineConfiguration[],
  intervals: readonly WindowInterval[],
  limit: number,
  durationS: number,
  sizing: 'mean' | 'peak-second',
): WholeReplicaOption[][] {
  return intervals.map((w) =>
    configs.flatMap((c, k) =>
      freeCounts(c, w, limit, sizing).map((free) => {
        const served = w.count - free;
        const r = wholeReplicas(c, served, w, sizing);
        const cost = c.stages.reduce((a, st, i) => a + st.baseCores * r[i]!, 0) * (w.lengthS / durationS);
        return { k, free, served, replicas: r, cost };
      }),
    ),
  );
}

/**
 * An upper bound on the load-weighted PAS of any system that, like IPA, FA2 and RIM, sets whole
 * replicas per stage once per interval and keeps up on average over each interval within a mean-core
 * budget: in interval t configuration k costs Σ_stage baseCores·ceil(λ̄_t / best throughput) (no
 * minimum of one replica, which only raises the bound). Intervals may mix configurations (the LP of
 * the multiple-choice knapsack), so it is also an upper bound for time-sharing within an interval.
 * The free share may fall in any intervals (they cost nothing and count at the best PAS): where a few
 * free requests save a replica, the bound takes them there. Requests carried across an interval's
 * edge within the SLA, latency and reconfiguration are ignored.
 */
export function pasUpperBoundWholeReplicas(input: PasBoundInput): PasBound {
  return solveWholeReplicas(input).bound;
}

/** The bound's LP, solved: the bound, and what it chose (undefined where nothing was solved). */
export interface WholeReplicaSolution {
  bound: PasBound;
  configs: readonly PipelineConfiguration[];
  intervals: readonly WindowInterval[];
  options: readonly WholeReplicaOption[][];
  /** Per interval, the weight of each option (they sum to 1). */
  weights?: readonly (readonly number[])[];
}

/** pasUpperBoundWholeReplicas with what it chose in each interval (whole-replica-plan.ts reads it). */
export function solveWholeReplicas(input: PasBoundInput): WholeReplicaSolution {
  const { configs, freeShare, bestPas } = boundSetup(input);
  const durationS = input.arrivals.length;
  const intervals = windowIntervals(input.arrivals, input.intervalS ?? 10);
  const total = intervals.reduce((a, w) => a + w.count, 0);
  if (total === 0 || freeShare === 1) return { bound: { feasible: true, pas: bestPas, meanCores: 0, mix: {} }, configs, intervals, options: [] };
  const limit = freeShare * total;
  const options = wholeReplicaOptions(configs, intervals, limit, durationS, input.sizing ?? 'mean');
  const classes: LimitedChoiceItem[][] = options.map((opts) =>
    opts.map(({ k, free, served, cost }) => ({ cost, value: (served * configs[k]!.pas + free * bestPas) / total, use: free })),
  );
  const solved = fractionalMultipleChoiceLimited(classes, input.budgetMeanCores, limit);
  if (!solved) return { bound: { feasible: false, minMeanCores: leastCostWithin(classes, limit) }, configs, intervals, options };
  const mix: Record<string, number> = {};
  const servedTotal = total - solved.use;
  solved.weights.forEach((w, t) =>
    w.forEach((x, i) => {
      const o = options[t]![i]!;
      if (x <= 0 || o.served <= 0) return;
      const key = configs[o.k]!.variants.join('+');
      mix[key] = (mix[key] ?? 0) + (x * o.served) / servedTotal;
    }),
  );
  return { bound: { feasible: true, pas: solved.upper, meanCores: solved.cost, mix }, configs, intervals, options, weights: solved.weights };
}
