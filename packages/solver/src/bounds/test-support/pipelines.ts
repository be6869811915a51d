import { randomInt } from '@infscale/core';
import type { BoundPipeline } from '../ipa-bound';

/** A variant with one profiled point per throughput (req/s of one replica). */
export const variant = (name: string, accuracy: number, baseCores: number, throughputs: number[]) => ({
  name,
  accuracy,
  baseCores,
  points: throughputs.map((throughputRps) => ({ throughputRps })),
});

/** Two stages of two variants: per request, small+fast costs 0.1 + 0.05 core-seconds. */
export const tiny: BoundPipeline = {
  stages: [
    { name: 'detect', variants: [variant('small', 0.5, 1, [8, 10]), variant('large', 0.8, 2, [5])] },
    { name: 'classify', variants: [variant('fast', 0.6, 1, [20]), variant('good', 0.9, 1, [4])] },
  ],
};

/** Two stages of two variants, each with two points of 1 to 1 + `spread` req/s and 1 to 3 base cores. */
export function randomPipeline(rand: () => number, spread: number): BoundPipeline {
  return {
    stages: Array.from({ length: 2 }, (_, s) => ({
      name: `s${s}`,
      variants: Array.from({ length: 2 }, (_, v) => variant(`v${v}`, 0.3 + 0.7 * rand(), randomInt(rand, 1, 3), [1 + spread * rand(), 1 + spread * rand()])),
    })),
  };
}
