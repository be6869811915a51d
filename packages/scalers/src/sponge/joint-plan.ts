import { solveSponge, type SpongeProblem } from '@infscale/solver';

/** Everything the joint program needs for one decision. */
export interface JointInput {
  model: SpongeProblem['model'];
  /** Remaining budgets (ms) of every queued request, across all pods. */
  queueBudgetsMs: readonly number[];
  loadRps: number;
  intervalS: number;
  /** Budget assumed for each predicted arrival (the worst recent one). */
  arrivalBudgetMs: number;
  headroom: number;
  minCores: number;
  /** Largest size a pod may get now (the config's, or less when the node had no room). */
  maxCores: number;
  maxBatch: number;
  /** Search starts here (the current count while a fold-back waits). */
  minReplicas: number;
  maxReplicas: number;
}

export interface JointPlan {
  replicas: number;
  cores: number;
  batch: number;
  /** false: even maxReplicas pods at maxCores cannot meet every deadline (best effort). */
  feasible: boolean;
  /** Solver's objective (cores + batch/(maxBatch+1)) of one pod, NaN when infeasible. */
  objective: number;
  /** Why no plan met the deadlines (the solver's words), when infeasible. */
  infeasibleReason?: string;
  /** Queued requests no size could serve in time (the EDF queue drops them): left out of the plan. */
  unreachable: number;
}

/**
 * The tightest share of the queue one of `replicas` pods gets: EDF over several pods hands the i-th
 * most urgent request to pod i mod replicas, so pod 0 gets the earliest deadline of each round.
 */
export function queueShare(sortedBudgetsMs: readonly number[], replicas: number): number[] {
  return sortedBudgetsMs.filter((_, i) => i % replicas === 0);
}

/**
 * Sponge's program extended to several pods: the fewest pods (resizing first, pods only when one at
 * its largest allowed size cannot meet the deadlines), then the fewest cores, then the smallest batch
 * such that every queued and expected request of a pod's share meets its deadline. Load and queue are
 * split evenly; all pods of the deployment get the same size.
 */
export function planJoint(input: JointInput): JointPlan {
  // A request that a batch of one at the largest size cannot finish in time is lost whatever we
  // choose; planning for it would only inflate every pod to the maximum.
  const floorMs = latencyMs(input.model, 1, input.maxCores) / input.headroom;
  const sorted = [...input.queueBudgetsMs].sort((a, b) => a - b);
  const firstReachable = sorted.findIndex((b) => b >= floorMs);
  const lost = firstReachable < 0 ? sorted.length : firstReachable;
  const reachable = sorted.slice(lost);
  let lastReason = '';
  for (let replicas = Math.max(1, input.minReplicas); replicas <= input.maxReplicas; replicas++) {
    const result = solveSponge({
      model: input.model,
      queueBudgetsMs: queueShare(reachable, replicas),
      loadRps: input.loadRps / replicas,
      intervalS: input.intervalS,
      arrivalBudgetMs: input.arrivalBudgetMs,
      headroom: input.headroom,
      maxCores: input.maxCores,
      maxBatch: input.maxBatch,
    });
    if (result.status === 'optimal') {
      const cores = Math.max(input.minCores, result.decision.cores);
      return { replicas, cores, batch: result.decision.batch, feasible: true, objective: result.objective, unreachable: lost };
    }
    lastReason = result.reason;
  }
  // Best effort: every pod allowed, each at its largest size with the batch that serves the most.
  const replicas = Math.max(input.maxReplicas, input.minReplicas);
  return { replicas, cores: input.maxCores, batch: fastestBatch(input), feasible: false, objective: NaN, infeasibleReason: lastReason, unreachable: lost };
}

/** The batch with the highest throughput b / l(b, maxCores). */
function fastestBatch(input: JointInput): number {
  let best = 1;
  let bestRps = 0;
  for (let b = 1; b <= input.maxBatch; b++) {
    const l = latencyMs(input.model, b, input.maxCores);
    const rps = l > 0 ? b / l : 0;
    if (rps > bestRps + 1e-12) {
      best = b;
      bestRps = rps;
    }
  }
  return best;
}

/** Sponge's l(b, c) in ms. */
export function latencyMs(model: JointInput['model'], batch: number, cores: number): number {
  return (model.gamma * batch) / cores + model.delta * batch + model.epsilon / cores + model.eta;
}
