import type { SpongeProblem } from './problem';
import { checkPlan } from './plan';

export interface SpongeChoice {
  cores: number;
  batch: number;
}

/** Cores ascending, then batch ascending: the first feasible pair is the lexicographic minimum. */
export function searchSponge(p: SpongeProblem, sorted: readonly number[]): SpongeChoice | undefined {
  for (let c = 1; c <= p.maxCores; c++) {
    for (let b = 1; b <= p.maxBatch; b++) if (checkPlan(p, sorted, c, b).feasible) return { cores: c, batch: b };
  }
  return undefined;
}

/** The oracle: scores every pair and keeps the smallest objective (no early exit). */
export function enumerateSponge(p: SpongeProblem, sorted: readonly number[]): SpongeChoice | undefined {
  let best: SpongeChoice | undefined;
  for (let c = 1; c <= p.maxCores; c++) {
    for (let b = 1; b <= p.maxBatch; b++) {
      if (!checkPlan(p, sorted, c, b).feasible) continue;
      if (!best || c < best.cores || (c === best.cores && b < best.batch)) best = { cores: c, batch: b };
    }
  }
  return best;
}
