import { parseConfig, type DeploymentSpec, type DesiredState, type Scaler } from '@infscale/core';
import type { IpaStageChoice, Now } from '@infscale/solver';
import type { IpaPipeline } from '@infscale/profiles';
import { ipaConfigSchema, type IpaConfig } from './ipa-config';
import { ipaModeFor } from './ipa-baselines';
import { ipaDeploymentFor, resolveIpaPipeline, type ResolvedIpaPipeline } from './ipa-pipeline';
import { solveIpaAt } from './ipa-solve';

/** What the scaler remembers: the last applied choice, to explain what changed. */
export interface IpaState {
  last?: { lambdaRps: number; stages: IpaStageChoice[] };
}

export interface IpaScalerDeps {
  /** Times the solve (solveMs in the details); default a clock that always says 0, keeping decide() pure. */
  now?: Now;
  /** Where bundled profiles come from (tests); default @infscale/profiles. */
  loadPipeline?: (name: string) => IpaPipeline;
}

/** History the fallback looks at, and the LSTM's input window (12 × 10 s). */
const HISTORY_SECONDS = 120;
/** The forecast floor looks at this much recent history. */
const FLOOR_SECONDS = 10;

export interface IpaScaler extends Scaler<IpaState> {
  readonly config: IpaConfig;
  readonly pipeline: ResolvedIpaPipeline;
}

/**
 * IPA (and the paper's FA2-low, FA2-high and RIM as modes): every interval, λ = forecast × (1 + margin),
 * then the IPA program picks per stage a variant, batch and replicas. One deployment per stage and
 * variant, so a variant switch is a new deployment that planActions brings up before the old one goes
 * (make-before-break); replicas grow before traffic moves and shrink after.
 */
export function createIpaScaler(input: unknown, deps: IpaScalerDeps = {}): IpaScaler {
  const config = parseConfig(ipaConfigSchema, input, 'ipa scaler config');
  const pipeline = resolveIpaPipeline(config, deps.loadPipeline);
  const mode = ipaModeFor(config, pipeline);
  const label = config.mode === 'ipa' ? 'ipa' : config.mode;
  return {
    name: label,
    config,
    pipeline,
    intervalMs: config.interval,
    observationRequest: (nowMs) => ({
      nowMs,
      historySeconds: HISTORY_SECONDS,
      deployments: [],
      // The pipeline's load is what enters its first stage, whichever variant runs there now.
      loadFrom: pipeline.stages[0].variants.map((v) => ipaDeploymentFor(pipeline.stages[0], v.name)),
      // The backlog needs only how many wait in the stage queues, not their budgets (Sponge's wantQueue).
      // The pipeline's backlog: what waits at any stage must still pass through the planned capacity.
      ...(config.drainBacklog ? { wantQueueLength: { stages: pipeline.stages.map((s) => s.name) } } : {}),
    }),
    initialState: () => ({}),
    decide: ({ observation, forecast }, state) => {
      const history = observation.arrivalsPerSecond;
      if (!forecast && history.length === 0) return { state, decision: { kind: 'hold', reason: `${label}: no forecast and no arrival history yet` } };
      // Without a forecaster the paper's warm-up predictor: the max of the recent history.
      const predicted = forecast ? forecast.peakRps : Math.max(...history.slice(-HISTORY_SECONDS));
      const method = forecast ? forecast.method + (forecast.fallbackReason ? ' (fallback)' : '') : 'max of history';
      if (!Number.isFinite(predicted) || predicted < 0) return { state, decision: { kind: 'hold', reason: `${label}: the forecast is not a load (${predicted})` } };
      const recentMax = history.length > 0 ? Math.max(...history.slice(-FLOOR_SECONDS)) : 0;
      const planned = config.forecast.floor === 'recent-max' ? Math.max(predicted, recentMax) : predicted;
      const backlog = config.drainBacklog ? (observation.queuedRequests ?? 0) : 0;
      const lambda = planned * (1 + pipeline.marginPct / 100) + backlog / (config.interval / 1000);

      const outcome = solveIpaAt(pipeline, mode, config.objective.accuracy, lambda, { now: deps.now });
      if (outcome.kind === 'fail') return { state, decision: { kind: 'hold', reason: `${label}: keeping the current configuration; ${outcome.reason}` } };
      const { result } = outcome;
      const chosen = result.decision.stages;
      if (config.budget && result.decision.cores > config.budget.cores) {
        return { state, decision: { kind: 'hold', reason: `${label}: the choice needs ${result.decision.cores} cores, over the budget of ${config.budget.cores}; keeping the current configuration` } };
      }

      const desired = desiredState(pipeline, chosen);
      const pas = chosen.reduce((a, c) => a * accuracyOf(pipeline, c), 1);
      const details: Record<string, number | string> = {
        predictedRps: round(predicted),
        recentMaxRps: recentMax,
        queued: backlog,
        lambdaRps: round(lambda),
        solvedRps: round(outcome.solvedRps),
        forecastMethod: method,
        objective: result.objective,
        solveMs: round(result.solveMs),
        expectedAccuracy: round(pas),
        costCores: result.decision.cores,
        latencyMs: round(result.decision.latencyMs),
      };
      for (const c of chosen) {
        details[`${c.stage}.variant`] = c.variant;
        details[`${c.stage}.batch`] = c.batch;
        details[`${c.stage}.replicas`] = c.replicas;
      }
      const reason = [
        `${label}: predicted peak ${predicted.toFixed(1)} req/s by ${method}` +
          (planned > predicted ? `, raised to the last ${FLOOR_SECONDS} s max ${recentMax}` : '') +
          (pipeline.marginPct ? `, +${pipeline.marginPct} % margin` : '') +
          (backlog > 0 ? `, +${backlog} queued to drain in one interval` : '') +
          ` → λ ${lambda.toFixed(1)} req/s`,
        chosen.map((c) => `${c.stage} ${c.variant} ×${c.replicas} (batch ${c.batch})`).join(', '),
        `expected accuracy ${(pas * 100).toFixed(2)} %, ${result.decision.cores} cores, ${(result.decision.latencyMs / 1000).toFixed(2)} s of the ${(pipeline.slaMs / 1000).toFixed(2)} s SLA`,
        ...changes(state, chosen),
        ...(outcome.note ? [outcome.note] : []),
      ].join('; ');
      return { state: { last: { lambdaRps: lambda, stages: chosen } }, decision: { kind: 'apply', desired, resize: 'restart', reason, details } };
    },
  };
}

function desiredState(p: ResolvedIpaPipeline, chosen: readonly IpaStageChoice[]): DesiredState {
  const deployments: DeploymentSpec[] = chosen.map((c, s) => {
    const stage = p.stages[s]!;
    const variant = stage.variants.find((v) => v.name === c.variant)!;
    return { name: ipaDeploymentFor(stage, c.variant), variant: c.variant, stage: stage.name, replicas: c.replicas, cores: variant.baseCores, batch: c.batch };
  });
  // One deployment serves each stage; the route step moves the stage to it once it is ready.
  return { deployments, routing: deployments.map((d) => ({ stage: d.stage, weights: { [d.name]: 1 } })) };
}

function accuracyOf(p: ResolvedIpaPipeline, c: IpaStageChoice): number {
  return p.stages.find((s) => s.name === c.stage)!.variants.find((v) => v.name === c.variant)!.accuracy;
}

/** Plain words for what changed since the last applied choice. */
function changes(state: IpaState, chosen: readonly IpaStageChoice[]): string[] {
  if (!state.last) return ['first decision'];
  const out: string[] = [];
  chosen.forEach((c, i) => {
    const before = state.last!.stages[i];
    if (!before) return;
    if (before.variant !== c.variant) out.push(`${c.stage}: switching ${before.variant} → ${c.variant} (make-before-break)`);
    else if (before.replicas !== c.replicas) out.push(`${c.stage}: ${before.replicas} → ${c.replicas} replicas`);
    if (before.batch !== c.batch) out.push(`${c.stage}: batch ${before.batch} → ${c.batch}`);
  });
  return out;
}

function round(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}
