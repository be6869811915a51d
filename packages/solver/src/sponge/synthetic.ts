import { randomInt } from '@infscale/core';
import type { SpongeProblem } from './problem';

/** A random pod: a ResNet-like latency model, a queue of budgets and a load; some are infeasible. */
export function randomSpongeProblem(rand: () => number, maxCores = 16, maxBatch = 16): SpongeProblem {
  const queue = Array.from({ length: randomInt(rand, 0, 30) }, () => randomInt(rand, 0, 1000));
  return {
    model: { gamma: 10 + rand() * 40, delta: 1 + rand() * 6, epsilon: rand() * 60, eta: rand() * 8 },
    queueBudgetsMs: queue,
    loadRps: randomInt(rand, 0, 150),
    intervalS: 1,
    arrivalBudgetMs: randomInt(rand, 300, 1000),
    headroom: rand() < 0.5 ? 0.9 : 1,
    maxCores,
    maxBatch,
  };
}
