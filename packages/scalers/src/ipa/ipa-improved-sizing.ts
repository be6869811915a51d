import type { ClusterState } from '@infscale/core';
import type { IpaStageChoice } from '@infscale/solver';
import type { UpscaleVerdict } from '../upscale-check';
import type { IpaConfig } from './ipa-config';
import type { ResolvedIpaPipeline } from './ipa-pipeline';
import { queueAwareRate, type QueueAwareInput } from './queue-aware-rate';
import { runningCores, savedCoreSeconds, updateBank, type CoreBank } from './core-bank';

/** improved: the upscale check's queue-aware need looks at this much recent history. */
export const CHECK_WINDOW_SECONDS = 10;
/** The stage queues' max wait (the deployed default, and the simulator's), ms. */
export const QUEUE_MAX_WAIT_MS = 1000;

/** What the improved method remembers between decisions. */
export interface ImprovedMemory {
  /** Cores allowed and not spent yet. */
  bank?: CoreBank;
  /** The load the last decision sized for. */
  sizedRps?: number;
  /** What the running configuration carries, req/s (the upscale check's memory). */
  capacityRps?: number;
}

/** The queue-aware view of the load for one decision of the improved method. */
export interface ImprovedView {
  /** Share of the SLA a request may wait in the stage queues, s. */
  slackS: number;
  /** What the queues must carry over the sizing's history (historySeconds), req/s. */
  sizingNeed: () => number;
  /** What the queues must carry over the upscale check's last CHECK_WINDOW_SECONDS, a rise within the noise discounted, req/s. */
  burstNeed: () => number;
  /** How burstNeed was measured, for the check's reasons (absent when nothing is discounted). */
  burstNeedNote?: string;
  /** The most core-seconds the bank may hold for an allowance. */
  bankMax: (allowedCores: number) => number;
}

/**
 * improved: a request may wait in the stage queues for part of the SLA, so what runs need only carry
 * the recent load as those queues see it, not its busiest second. Pure.
 */
export function improvedView(config: IpaConfig, pipeline: ResolvedIpaPipeline, history: readonly number[], backlog: number): ImprovedView {
  const slackS = (config.improved.queueSlack * pipeline.slaMs) / 1000;
  const floorS = config.improved.floorSeconds ?? config.interval / 1000;
  const { floorNoise, burstNoise, utilization, historySeconds } = config.improved;
  const need = (windowS: number, noise: QueueAwareInput['noise']): number =>
    queueAwareRate({ history, windowS, backlog, slackS, floorS, ...(noise ? { noise } : {}) }) / utilization;
  return {
    slackS,
    sizingNeed: () => need(historySeconds, floorNoise === 'off' ? undefined : { kind: 'sustained', z: floorNoise }),
    burstNeed: () => need(CHECK_WINDOW_SECONDS, burstNoise > 0 ? { kind: 'discount', z: burstNoise } : undefined),
    ...(burstNoise > 0 ? { burstNeedNote: `the last ${CHECK_WINDOW_SECONDS} s less ${burstNoise} σ of noise` } : {}),
    bankMax: (allowed) => config.improved.bankSeconds * allowed,
  };
}

/** The bank after this tick: the cores that run are counted against the allowance, every tick. */
export function tickedBank(view: ImprovedView, bank: CoreBank | undefined, nowMs: number, cluster: ClusterState): CoreBank | undefined {
  return bank ? updateBank(bank, nowMs, runningCores(cluster), bank.allowedCores, view.bankMax(bank.allowedCores)) : undefined;
}

/**
 * The load the improved method sizes for: what the queues must carry over the history window, unless a
 * burst, a held burst λ, a load over what runs or a short history says to plan for λ in full; within the
 * tolerance of the last sizing the last one stands (noise alone should not move replicas). Pure.
 */
export function sizedLoad(
  config: IpaConfig,
  view: ImprovedView,
  memory: ImprovedMemory,
  check: UpscaleVerdict,
  held: number | undefined,
  lambda: number,
  historyLength: number,
): number {
  const tolerance = config.upscaleCheck === 'off' ? 0.1 : config.upscaleCheck.tolerance;
  const rising = memory.capacityRps !== undefined && view.burstNeed() > memory.capacityRps * (1 + tolerance);
  const queueSized = check.kind !== 'burst' && held === undefined && !rising && historyLength >= config.improved.historySeconds;
  const fresh = queueSized ? Math.min(lambda, view.sizingNeed()) : lambda;
  return queueSized && memory.sizedRps !== undefined && Math.abs(fresh - memory.sizedRps) <= tolerance * memory.sizedRps
    ? Math.min(lambda, memory.sizedRps)
    : fresh;
}

/** Saved core-seconds, as the credit an upgrade and a hold may draw on. */
export function bankCredit(config: IpaConfig, view: ImprovedView, bank: CoreBank | undefined, nowMs: number): { upgradeCores: number; holdCores: number } {
  const saved = savedCoreSeconds(bank, nowMs, view.bankMax(bank?.allowedCores ?? 0));
  return { upgradeCores: saved / config.improved.upgradeSeconds, holdCores: saved / (config.interval / 1000) };
}

export function totalCores(chosen: readonly IpaStageChoice[]): number {
  return chosen.reduce((a, c) => a + c.cores, 0);
}
