import { ipaAccuracyFraction, type IpaPipeline } from '@infscale/profiles';
import type { IpaMode, IpaProblem } from './problem';

export interface IpaSettings {
  loadRps: number;
  alpha?: number;
  beta?: number;
  gamma?: number;
  slaMs?: number;
  maxBatch?: number;
  scalingCap?: number;
  accuracy?: 'sum' | 'product';
  /**
   * `rank`: the normalized rank (0 least … 1 most accurate); `raw`: the paper's accuracy metric as a
   * fraction (speech-to-text: 1 − WER), as the revision's code uses it (0.568 × 0.7737 for YOLOv5s →
   * ResNet101). In percent, α·Π would be 10⁴ times too large on two stages and cost would never matter.
   */
  accuracyValues?: 'rank' | 'raw';
  /** Raises every rank below it (e.g. 0.05, so the least accurate variant still counts in a product). */
  accuracyFloor?: number;
  mode?: IpaMode;
}

/** The program for a bundled pipeline with the paper's settings as defaults. */
export function ipaProblemFromPipeline(pipeline: IpaPipeline, s: IpaSettings): IpaProblem {
  const values = s.accuracyValues ?? 'rank';
  const floor = s.accuracyFloor ?? 0;
  return {
    stages: pipeline.stages.map((stage) => ({
      name: stage.name,
      variants: stage.variants.map((v) => ({
        name: v.name,
        accuracy: values === 'rank' ? Math.max(floor, v.accuracyRank) : ipaAccuracyFraction(v.accuracy),
        baseCores: v.baseCores,
        points: v.points.map((pt) => ({ batch: pt.batch, latencyMs: pt.latencyMs, throughputRps: pt.throughputRps })),
      })),
    })),
    loadRps: s.loadRps,
    slaMs: s.slaMs ?? pipeline.slaMs,
    alpha: s.alpha ?? pipeline.settings.alpha,
    beta: s.beta ?? pipeline.settings.beta,
    gamma: s.gamma ?? pipeline.settings.gamma,
    maxBatch: s.maxBatch ?? pipeline.settings.batchCap,
    scalingCap: s.scalingCap ?? pipeline.settings.scalingCap,
    accuracy: s.accuracy ?? 'sum',
    mode: s.mode ?? { kind: 'ipa' },
  };
}
