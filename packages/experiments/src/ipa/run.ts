import type { Forecaster } from '@infscale/core';
import type { IpaPipeline } from '@infscale/profiles';
import { carriedRps, createIpaScaler, type IpaScalerMode } from '@infscale/scalers';
import {
  dataplaneBatching,
  ipaScenario,
  isAnswered,
  laterStagesLeastMs,
  pipelineRouted,
  runSimulation,
  type IntervalRow,
  type Outcome,
  type SimSummary,
} from '@infscale/sim';

/** One system of the comparison: a mode of the IPA scaler and the forecaster it is given. */
export interface IpaSystem {
  name: string;
  mode: IpaScalerMode;
  forecaster: Forecaster;
  /** Scaler settings on top of the profile and mode (e.g. upscaleCheck: 'off' for the paper's loop). */
  config?: Record<string, unknown>;
}

/** What one run produced, for the table and the charts. */
export interface IpaRun {
  system: string;
  summary: SimSummary;
  series: IntervalRow[];
  /** [s, req/s]: what the chosen configuration can carry (min over stages of replicas × throughput). */
  capacity: [number, number][];
  /** [s, req/s]: λ the scaler planned for (forecast + margin). */
  lambda: [number, number][];
  /** End-to-end latency of every finished request, ms. */
  latenciesMs: number[];
  alpha: number;
  beta: number;
}

/**
 * Runs one system on one pipeline and arrival series: the real scaler in the real controller loop
 * against the simulator, whose stages are the deployed BatchingQueue behind the deployed PipelineRouter.
 * Every system starts in the configuration it would choose for the first 10 s (ready at t = 0).
 */
export async function runIpaSystem(
  pipeline: IpaPipeline,
  arrivals: readonly number[],
  system: IpaSystem,
  seed: number,
  onMinute?: () => void,
): Promise<IpaRun> {
  const scaler = createIpaScaler({ ...system.config, profile: pipeline.name, mode: system.mode }, { now: () => performance.now() });
  const first = scaler.decide(
    { nowMs: 0, observation: { nowMs: 0, arrivalsPerSecond: arrivals.slice(0, 10) }, cluster: { deployments: [], routing: [] } },
    scaler.initialState(),
  ).decision;
  if (first.kind !== 'apply') throw new Error(`${system.name} cannot start on ${pipeline.name}: ${first.reason}`);
  const stages = pipeline.stages.map((s) => s.name);
  const dropLimitMs = scaler.pipeline.dropLimitMs;
  // Room for every system (FA2-high on nlp holds ~230 cores in the paper): scheduling is not what is compared.
  const base = ipaScenario({
    pipeline,
    arrivals,
    seed,
    intervalS: 10,
    nodes: [256, 256, 256, 256],
    // As deployed: the stage queues shed what cannot finish before the drop limit (the router's budget header).
    policy: pipelineRouted(dataplaneBatching({ maxWaitMs: 1000, dropLimitMs, laterStagesMs: laterStagesLeastMs(pipeline) }), { stages, dropLimitMs }),
  });
  const latenciesMs: number[] = [];
  const config = {
    ...base,
    initial: first.desired,
    // PAS counts accuracy as a fraction (speech-to-text: 1 − WER), the scaler's values.
    variants: Object.fromEntries(scaler.pipeline.stages.flatMap((s) => s.variants.map((v) => [v.name, { accuracy: v.accuracy, loadTimeS: 10 }]))),
    // The router decides drops; the engine's own check is off.
    dropLimitMs: undefined,
    drainMs: Math.max(dropLimitMs, 60_000),
    onRequest: (r: { arrivalMs: number; endMs: number; outcome: Outcome }) => {
      if (isAnswered(r.outcome)) latenciesMs.push(r.endMs - r.arrivalMs);
    },
  };
  const capacity: [number, number][] = [[0, carriedRps(scaler.pipeline, first.desired.deployments)]];
  const lambda: [number, number][] = [];
  const result = await runSimulation({
    config,
    scaler,
    forecaster: system.forecaster,
    onDecision: (record) => {
      const t = record.nowMs / 1000;
      if (record.decision.kind === 'apply') {
        capacity.push([t, carriedRps(scaler.pipeline, record.decision.desired.deployments)]);
        const l = record.decision.details?.lambdaRps;
        if (typeof l === 'number') lambda.push([t, l]);
      }
    },
    onProgress: () => onMinute?.(),
  });
  return {
    system: system.name,
    summary: result.summary,
    series: result.series,
    capacity,
    lambda,
    latenciesMs,
    alpha: scaler.pipeline.alpha,
    beta: scaler.pipeline.beta,
  };
}
