import { randomInt } from '@infscale/core';
import type { IpaMode, IpaProblem } from './problem';

export const SYNTHETIC_BATCHES = [1, 2, 4, 8, 16, 32];

/**
 * A random chain of `stages` × `variants`, each with the 6 batch sizes: more accurate variants are
 * slower and need more cores; batching raises throughput and latency. The SLA is drawn between the
 * fastest and a generous choice so that it binds.
 */
export function randomIpaProblem(rand: () => number, stages: number, variants: number, batches = SYNTHETIC_BATCHES): IpaProblem {
  const stageList = Array.from({ length: stages }, (_, s) => ({
    name: `s${s}`,
    variants: Array.from({ length: variants }, (_, v) => {
      const base = 20 + v * randomInt(rand, 10, 40) + randomInt(rand, 0, 20);
      return {
        name: `s${s}v${v}`,
        accuracy: variants === 1 ? 1 : Math.max(0, (v + (rand() < 0.2 ? 0 : rand() * 0.5)) / variants),
        baseCores: randomInt(rand, 1, 1 + v),
        points: batches.map((b) => {
          const latencyMs = base * (1 + 0.7 * (b - 1)) * (0.9 + 0.2 * rand());
          return { batch: b, latencyMs, throughputRps: (b * 1000) / latencyMs };
        }),
      };
    }),
  }));
  const loadRps = randomInt(rand, 0, 60) * (rand() < 0.5 ? 1 : 0.5);
  const slowest = stageList.reduce((s, st) => s + Math.max(...st.variants.map((v) => v.points[0]!.latencyMs)), 0);
  const modeDraw = rand();
  const mode: IpaMode =
    modeDraw < 0.15
      ? { kind: 'fa2', variants: stageList.map((st) => st.variants[randomInt(rand, 0, variants - 1)]!.name) }
      : modeDraw < 0.3
        ? { kind: 'rim', replicas: stageList.map(() => randomInt(rand, 1, 30)) }
        : { kind: 'ipa' };
  return {
    stages: stageList,
    loadRps,
    slaMs: slowest * (0.3 + rand()),
    alpha: randomInt(rand, 1, 10),
    beta: randomInt(rand, 1, 10) / 10,
    gamma: 1e-6,
    maxBatch: batches[randomInt(rand, 0, batches.length - 1)]!,
    scalingCap: randomInt(rand, 5, 100),
    accuracy: rand() < 0.5 ? 'sum' : 'product',
    mode,
  };
}
