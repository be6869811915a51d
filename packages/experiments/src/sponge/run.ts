import type { DecisionRecord } from '@infscale/core';
import type { LatencyModel } from '@infscale/profiles';
import { isAnswered, runSimulation, spongeScenario, type IntervalRow, type RequestRecord } from '@infscale/sim';
import { summaryColumns, type ComparisonRow } from '../scenario';
import { SPONGE_DEPLOYMENT, type SpongeSystem } from './systems';

/** ResNet18's ImageNet top-1 (the Sponge experiments' model): the "accuracy" of every row. */
export const RESNET18_ACCURACY = 0.69758;

/** Width (ms) of a remaining-budget bucket in the budget-vs-latency chart. */
export const BUDGET_BUCKET_MS = 50;

export interface SpongeRunInput {
  model: LatencyModel;
  arrivals: number[];
  /** Network delay (ms) of a request sent in each second, cycled (from the 4G trace). */
  networkDelayMs: number[];
  sloMs: number;
  seed: number;
  intervalS: number;
}

export interface SpongeRunOutput {
  row: ComparisonRow;
  series: IntervalRow[];
  /** Latencies (ms) of served requests by remaining-budget bucket (index = ⌊budget / BUDGET_BUCKET_MS⌋). */
  latencyByBudget: number[][];
  /** Resize actions the system applied. */
  resizes: number;
}

/** Runs one system on the shared arrivals and budgets; every system gets the same seed. */
export async function runSpongeSystem(system: SpongeSystem, input: SpongeRunInput, onProgress?: (doneMs: number) => void): Promise<SpongeRunOutput> {
  const latencyByBudget: number[][] = [];
  const delays = input.networkDelayMs;
  const onRequest = (r: RequestRecord): void => {
    if (!isAnswered(r.outcome)) return;
    const second = Math.floor(r.arrivalMs / 1000);
    const budget = input.sloMs - (delays.length > 0 ? (delays[second % delays.length] as number) : 0);
    const bucket = Math.max(0, Math.floor(budget / BUDGET_BUCKET_MS));
    (latencyByBudget[bucket] ??= []).push(r.endMs - r.arrivalMs);
  };
  const config = spongeScenario({
    model: input.model,
    variant: SPONGE_DEPLOYMENT,
    arrivals: input.arrivals,
    networkDelayMs: delays,
    sloMs: input.sloMs,
    start: system.start,
    nodeCores: 16,
    policy: system.policy(),
    seed: input.seed,
    intervalS: input.intervalS,
  });
  config.variants[SPONGE_DEPLOYMENT] = { ...config.variants[SPONGE_DEPLOYMENT], accuracy: RESNET18_ACCURACY };
  config.onRequest = onRequest;
  let resizes = 0;
  let scales = 0;
  const onDecision = (record: DecisionRecord): void => {
    for (const action of record.plan?.actions ?? []) {
      if (action.type === 'resize') resizes++;
      if (action.type === 'scale') scales++;
    }
  };
  const result = await runSimulation({
    config,
    scaler: system.scaler(),
    ...(system.forecaster ? { forecaster: system.forecaster(input.arrivals) } : {}),
    onDecision,
    ...(onProgress ? { onProgress } : {}),
  });
  const s = result.summary;
  const maxPods = result.series.reduce((m, r) => Math.max(m, r.pods), 0);
  return {
    row: {
      system: system.name,
      ...summaryColumns(s),
      // Sponge's program minimizes cores subject to every deadline: the objective is the cores it
      // ran; the constraint is the violation column.
      objective: s.meanCores,
      extra: { resizes, 'scale actions': scales, 'max pods': maxPods },
    },
    series: result.series,
    latencyByBudget,
    resizes,
  };
}
