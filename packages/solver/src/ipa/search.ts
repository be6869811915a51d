import type { IpaProblem } from './problem';
import { ipaObjective, type IpaOption } from './options';
import { paretoFront } from './pareto';

/**
 * Exact branch-and-bound over stages on the per-stage Pareto fronts. Cuts: the fastest remaining
 * options must fit the SLA, the cheapest remaining ones the core budget; the best remaining score (sum) or the largest remaining accuracy product
 * with the cheapest remaining cost (product) must beat the incumbent.
 */
export function searchIpa(p: IpaProblem, options: readonly IpaOption[][]): IpaOption[] | undefined {
  const sum = p.accuracy === 'sum';
  const score = (o: IpaOption): number => p.alpha * o.accuracy - o.cost;
  const fronts = options.map((opts) => paretoFront(p, opts).sort((a, b) => (sum ? score(b) - score(a) : b.accuracy - a.accuracy || a.cost - b.cost)));
  const n = fronts.length;
  // Suffix summaries of stages s..n-1.
  const minLat = new Array<number>(n + 1).fill(0);
  const maxScore = new Array<number>(n + 1).fill(0);
  const maxAcc = new Array<number>(n + 1).fill(1);
  const minCost = new Array<number>(n + 1).fill(0);
  const minCores = new Array<number>(n + 1).fill(0);
  const maxCores = p.maxCores ?? Infinity;
  for (let s = n - 1; s >= 0; s--) {
    const f = fronts[s]!;
    minLat[s] = minLat[s + 1]! + Math.min(...f.map((o) => o.latencyMs));
    maxScore[s] = maxScore[s + 1]! + Math.max(...f.map(score));
    maxAcc[s] = maxAcc[s + 1]! * Math.max(...f.map((o) => o.accuracy));
    minCost[s] = minCost[s + 1]! + Math.min(...f.map((o) => o.cost));
    minCores[s] = minCores[s + 1]! + Math.min(...f.map((o) => o.cores));
  }
  const chosen: IpaOption[] = [];
  let best: IpaOption[] | undefined;
  let bestObjective = -Infinity;

  // acc: Σ or Π of accuracies so far; cost: Σ cost so far; lat: Σ latency so far; cores: Σ cores so far.
  const visit = (s: number, acc: number, cost: number, lat: number, cores: number): void => {
    if (s === n) {
      const objective = ipaObjective(p, chosen);
      if (objective > bestObjective) {
        bestObjective = objective;
        best = chosen.slice();
      }
      return;
    }
    const bound = sum ? p.alpha * acc - cost + maxScore[s]! : p.alpha * acc * maxAcc[s]! - cost - minCost[s]!;
    if (bound <= bestObjective + 1e-12 * Math.max(1, Math.abs(bound))) return;
    for (const o of fronts[s]!) {
      if (lat + o.latencyMs + minLat[s + 1]! > p.slaMs) continue;
      if (cores + o.cores + minCores[s + 1]! > maxCores) continue;
      chosen.push(o);
      visit(s + 1, sum ? acc + o.accuracy : acc * o.accuracy, cost + o.cost, lat + o.latencyMs, cores + o.cores);
      chosen.pop();
    }
  };
  visit(0, sum ? 0 : 1, 0, 0, 0);
  return best;
}
