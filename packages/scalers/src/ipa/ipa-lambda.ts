import type { UpscaleVerdict } from '../upscale-check';
import type { IpaConfig } from './ipa-config';
import type { ResolvedIpaPipeline } from './ipa-pipeline';
import { heldBurstLambda, type UpscaleMemory } from './ipa-upscale-check';

/** The forecast floor looks at this much recent history. */
export const FLOOR_SECONDS = 10;

/** How λ was reached, step by step, for the decision's reason and details. */
export interface IpaLambda {
  /** The load the scaler plans for before margin and backlog: the forecast, floored, raised by a burst. */
  planned: number;
  /** The forecast after the recent-max floor. */
  floored: number;
  /** Max of the last FLOOR_SECONDS seconds. */
  recentMax: number;
  /** Seconds the backlog is drained over: one interval, half the SLA in a burst. */
  drainS: number;
  /** How far a burst's jump is extrapolated (1: not at all). */
  factor: number;
  /** The last burst's λ, still held. */
  held: number | undefined;
  /** λ's rise since the last applied one. */
  jump: number;
  lambda: number;
}

/**
 * λ for one decision: the prediction, floored at the recent max (forecast.floor), raised to the
 * load that set off a burst, with the pipeline's margin and the backlog drained in time; in a burst
 * its jump since the last λ extrapolated by `factor`, and a burst's λ kept for one interval. Pure.
 */
export function ipaLambda(
  config: IpaConfig,
  pipeline: ResolvedIpaPipeline,
  memory: UpscaleMemory & { last?: { lambdaRps: number } },
  nowMs: number,
  check: UpscaleVerdict,
  predicted: number,
  history: readonly number[],
  backlog: number,
): IpaLambda {
  const recentMax = history.length > 0 ? Math.max(...history.slice(-FLOOR_SECONDS)) : 0;
  const floored = config.forecast.floor === 'recent-max' ? Math.max(predicted, recentMax) : predicted;
  // A burst decision plans at least for the load that set it off, whatever the floor setting.
  const planned = check.kind === 'burst' ? Math.max(floored, check.recentRps) : floored;
  // In a burst the waiting requests have less than the SLA left: drain them within half of it.
  const drainS = check.kind === 'burst' ? pipeline.slaMs / 2000 : config.interval / 1000;
  const factor = check.kind === 'burst' && config.upscaleCheck !== 'off' ? config.upscaleCheck.factor : 1;
  const held = check.kind === 'burst' ? undefined : heldBurstLambda(config, memory, nowMs);
  const base = withMargin(pipeline, planned) + backlog / drainS;
  const jump = Math.max(0, base - (memory.last?.lambdaRps ?? base));
  const lambda = Math.max(base + (factor - 1) * jump, held ?? 0);
  return { planned, floored, recentMax, drainS, factor, held, jump, lambda };
}

/** A load with the pipeline's margin. */
export function withMargin(pipeline: ResolvedIpaPipeline, rps: number): number {
  return rps * (1 + pipeline.marginPct / 100);
}
