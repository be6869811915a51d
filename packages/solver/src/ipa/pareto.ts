import type { IpaProblem } from './problem';
import type { IpaOption } from './options';

/**
 * Options of one stage that no other option beats on every axis that matters: in sum mode
 * (score = α·accuracy − cost, latency); in product mode (accuracy, cost, latency), because there
 * the stage's accuracy multiplies the others and cannot be folded into one score; and cores, when the
 * problem has a core budget.
 */
export function paretoFront(p: IpaProblem, options: readonly IpaOption[]): IpaOption[] {
  // With a core budget, cores are an axis of their own (an option cheaper by γ·batch may hold more cores).
  const keys = options.map((o) => [
    ...(p.accuracy === 'sum' ? [-(p.alpha * o.accuracy - o.cost), o.latencyMs] : [-o.accuracy, o.cost, o.latencyMs]),
    ...(p.maxCores !== undefined ? [o.cores] : []),
  ]);
  return options.filter((_, i) => !keys.some((other, j) => j !== i && dominates(other, keys[i]!, j < i)));
}

/** a ≤ b on every axis (smaller is better), strictly on one — or equal and earlier (keep one copy). */
function dominates(a: readonly number[], b: readonly number[], earlier: boolean): boolean {
  let strict = false;
  for (let k = 0; k < a.length; k++) {
    if (a[k]! > b[k]!) return false;
    if (a[k]! < b[k]!) strict = true;
  }
  return strict || earlier;
}
