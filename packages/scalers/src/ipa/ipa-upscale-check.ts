import type { IpaStageChoice } from '@infscale/solver';
import { IPA_UPSCALE_EVERY_MS, type IpaConfig } from './ipa-config';
import { upscalePeriodMs } from '../upscale-period';
import type { ResolvedIpaPipeline } from './ipa-pipeline';

/** An upscale check looks at this much recent history: short, so a burst shows at once. */
export const UPSCALE_WINDOW_SECONDS = 3;

/** What the scaler remembers between ticks for the upscale check. */
export interface UpscaleMemory {
  /** When the last decision on the regular interval ran (checks in between do not move it). */
  lastRegularMs?: number;
  /** What the last applied choice carries, req/s. */
  capacityRps?: number;
  /** The last burst decision: its λ is kept for one interval so the replicas it started can load. */
  burst?: { atMs: number; lambdaRps: number };
}

export type UpscaleCheck = { kind: 'due' } | { kind: 'wait'; reason: string } | { kind: 'burst'; reason: string; factor: number; recentRps: number };

/**
 * Between regular decisions: wait, unless the last few seconds' load with margin and backlog is over
 * what the last choice carries by more than the tolerance (HPA's 10 %: a steady load's noise alone
 * should not start replicas). Due when checks are off, nothing was decided yet, or the interval passed.
 */
export function upscaleCheck(config: IpaConfig, memory: UpscaleMemory, nowMs: number, history: readonly number[], needed: (rps: number) => number): UpscaleCheck {
  const check = config.upscaleCheck;
  if (check === 'off' || memory.lastRegularMs === undefined || memory.capacityRps === undefined) return { kind: 'due' };
  // Half a check period of slack: a tick that lands a little early still counts as the regular one.
  if (nowMs - memory.lastRegularMs >= config.interval - upscalePeriodMs(check.every, config.interval, IPA_UPSCALE_EVERY_MS) / 2) return { kind: 'due' };
  const recent = history.length > 0 ? Math.max(...history.slice(-UPSCALE_WINDOW_SECONDS)) : 0;
  const need = needed(recent);
  const numbers = `last ${UPSCALE_WINDOW_SECONDS} s max ${recent} req/s needs ${need.toFixed(1)}, the configuration carries ${memory.capacityRps.toFixed(1)}`;
  if (need > memory.capacityRps * (1 + check.tolerance)) return { kind: 'burst', reason: `load over capacity between decisions (${numbers})`, factor: check.factor, recentRps: recent };
  return { kind: 'wait', reason: `between decisions (${numbers})` };
}

/** The burst λ still held at nowMs, if a burst decision was less than one interval ago. */
export function heldBurstLambda(config: IpaConfig, memory: UpscaleMemory, nowMs: number): number | undefined {
  return memory.burst && nowMs - memory.burst.atMs < config.interval ? memory.burst.lambdaRps : undefined;
}

/** What a choice carries: its slowest stage's replicas × throughput at the chosen batch. */
export function carriedRps(p: ResolvedIpaPipeline, chosen: readonly IpaStageChoice[]): number {
  let min = Infinity;
  for (const c of chosen) {
    const variant = p.stages.find((s) => s.name === c.stage)?.variants.find((v) => v.name === c.variant);
    const point = variant?.points.find((pt) => pt.batch === c.batch);
    min = Math.min(min, c.replicas * (point?.throughputRps ?? 0));
  }
  return Number.isFinite(min) ? min : 0;
}
