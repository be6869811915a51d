import { latencyOf } from '@infscale/profiles';
import type { SpongeProblem } from './problem';

/** Usable deadlines (ms from now), earliest first: the queue plus the predicted arrivals. */
export function deadlines(p: SpongeProblem): number[] {
  const arrivals = Math.ceil(p.loadRps * p.intervalS - 1e-9);
  const all = [...p.queueBudgetsMs, ...new Array<number>(Math.max(0, arrivals)).fill(p.arrivalBudgetMs)];
  return all.map((b) => b * p.headroom).sort((a, b) => a - b);
}

export interface PlanCheck {
  feasible: boolean;
  batchLatencyMs: number;
  finishMs: number;
}

/**
 * Serves the requests earliest-deadline-first in consecutive batches of b, each taking l(b, c) (a
 * partial last batch is charged as full, as in the paper); every request must finish by its deadline,
 * and the throughput b/l(b, c) must carry λ. The predicted arrivals are planned as if queued now with
 * the worst expected budget — the paper's burst assumption (100 req/s, 950 ms → 5 cores, batch 10).
 */
export function checkPlan(p: SpongeProblem, sorted: readonly number[], cores: number, batch: number): PlanCheck {
  const l = latencyOf(p.model, batch, cores);
  if (!(l > 0)) return { feasible: false, batchLatencyMs: l, finishMs: Infinity };
  let finish = 0;
  for (let i = 0; i < sorted.length; i += batch) {
    finish += l;
    if (finish > sorted[i]!) return { feasible: false, batchLatencyMs: l, finishMs: finish };
  }
  const throughputOk = p.loadRps === 0 || (batch * 1000) / l >= p.loadRps;
  return { feasible: throughputOk, batchLatencyMs: l, finishMs: finish };
}

/** Lexicographic (cores, batch) as one number to minimize: cores + batch/(maxBatch + 1). */
export function spongeObjective(p: SpongeProblem, cores: number, batch: number): number {
  return cores + batch / (p.maxBatch + 1);
}
