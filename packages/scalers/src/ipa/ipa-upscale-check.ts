import type { IpaStageChoice } from '@infscale/solver';
import { upscaleVerdict, type UpscaleVerdict } from '../upscale-check';
import { IPA_UPSCALE_EVERY_MS, type IpaConfig } from './ipa-config';
import type { ResolvedIpaPipeline } from './ipa-pipeline';

/** What the scaler remembers between ticks for the upscale check. */
export interface UpscaleMemory {
  /** When the last decision on the regular interval ran (checks in between do not move it). */
  lastRegularMs?: number;
  /** What the last applied choice carries, req/s. */
  capacityRps?: number;
  /** The last burst decision: its λ is kept for one interval so the replicas it started can load. */
  burst?: { atMs: number; lambdaRps: number };
}

/** IPA's check: the last seconds' peak with margin and backlog against what the last choice carries. */
export function upscaleCheck(
  config: IpaConfig,
  memory: UpscaleMemory,
  nowMs: number,
  history: readonly number[],
  needed: (rps: number) => number,
  neededNote?: string,
): UpscaleVerdict {
  return upscaleVerdict({
    settings: config.upscaleCheck,
    intervalMs: config.interval,
    defaultEveryMs: IPA_UPSCALE_EVERY_MS,
    lastRegularMs: memory.lastRegularMs,
    nowMs,
    history,
    capacityRps: memory.capacityRps,
    needed,
    ...(neededNote ? { neededNote } : {}),
  });
}

/** The burst λ still held at nowMs, if a burst decision was less than one interval ago. */
export function heldBurstLambda(config: IpaConfig, memory: UpscaleMemory, nowMs: number): number | undefined {
  return memory.burst && nowMs - memory.burst.atMs < config.interval ? memory.burst.lambdaRps : undefined;
}

/**
 * What a set of deployments carries: over stages, the least Σ replicas × throughput at the batch of
 * the stage's deployments (one per stage, or the variants of a split stage).
 */
export function carriedRps(p: ResolvedIpaPipeline, deployments: readonly Pick<IpaStageChoice, 'stage' | 'variant' | 'batch' | 'replicas'>[]): number {
  const perStage = new Map<string, number>();
  for (const c of deployments) {
    const variant = p.stages.find((s) => s.name === c.stage)?.variants.find((v) => v.name === c.variant);
    const point = variant?.points.find((pt) => pt.batch === c.batch);
    perStage.set(c.stage, (perStage.get(c.stage) ?? 0) + c.replicas * (point?.throughputRps ?? 0));
  }
  return perStage.size > 0 ? Math.min(...perStage.values()) : 0;
}
