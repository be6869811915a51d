import { parseConfig, type DeploymentSpec, type DesiredState, type Scaler } from '@infscale/core';
import type { IpaStageChoice, Now } from '@infscale/solver';
import type { IpaPipeline } from '@infscale/profiles';
import { IPA_UPSCALE_EVERY_MS, ipaConfigSchema, type IpaConfig } from './ipa-config';
import { ipaModeFor } from './ipa-baselines';
import { ipaDeploymentFor, resolveIpaPipeline, type ResolvedIpaPipeline } from './ipa-pipeline';
import { solveIpaAt } from './ipa-solve';
import { carriedRps, heldBurstLambda, upscaleCheck, type UpscaleMemory } from './ipa-upscale-check';
import { tickPeriodMs, UPSCALE_WINDOW_SECONDS } from '../upscale-check';

/** What the scaler remembers: the last applied choice, to explain what changed. */
export interface IpaState extends UpscaleMemory {
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
    // With upscale checks the loop ticks at the check period; decide() keeps the regular interval itself.
    intervalMs: tickPeriodMs(config.upscaleCheck, config.interval, IPA_UPSCALE_EVERY_MS),
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
    decide: ({ nowMs, observation, forecast }, state) => {
      const history = observation.arrivalsPerSecond;
      if (!forecast && history.length === 0) return { state, decision: { kind: 'hold', reason: `${label}: no forecast and no arrival history yet` } };
      // Without a forecaster the paper's warm-up predictor: the max of the recent history.
      const predicted = forecast ? forecast.peakRps : Math.max(...history.slice(-HISTORY_SECONDS));
      const method = forecast ? forecast.method + (forecast.fallbackReason ? ' (fallback)' : '') : 'max of history';
      if (!Number.isFinite(predicted) || predicted < 0) return { state, decision: { kind: 'hold', reason: `${label}: the forecast is not a load (${predicted})` } };
      const backlog = config.drainBacklog ? (observation.queuedRequests ?? 0) : 0;
      const withMargin = (rps: number): number => rps * (1 + pipeline.marginPct / 100);
      const intervalS = config.interval / 1000;

      const check = upscaleCheck(config, state, nowMs, history, (rps) => withMargin(rps) + backlog / intervalS);
      if (check.kind === 'wait') return { state, decision: { kind: 'hold', quiet: true, reason: `${label}: ${check.reason}` } };
      // A decision forced by a check leaves the regular cadence where it was.
      const regularMs = check.kind === 'burst' ? state.lastRegularMs : nowMs;

      const recentMax = history.length > 0 ? Math.max(...history.slice(-FLOOR_SECONDS)) : 0;
      const floored = config.forecast.floor === 'recent-max' ? Math.max(predicted, recentMax) : predicted;
      // A burst decision plans at least for the load that set it off, whatever the floor setting.
      const planned = check.kind === 'burst' ? Math.max(floored, check.recentRps) : floored;
      // In a burst the waiting requests have less than the SLA left: drain them within half of it.
      const drainS = check.kind === 'burst' ? pipeline.slaMs / 2000 : intervalS;
      const factor = check.kind === 'burst' && config.upscaleCheck !== 'off' ? config.upscaleCheck.factor : 1;
      const held = check.kind === 'burst' ? undefined : heldBurstLambda(config, state, nowMs);
      const base = withMargin(planned) + backlog / drainS;
      const jump = Math.max(0, base - (state.last?.lambdaRps ?? base));
      const lambda = Math.max(base + (factor - 1) * jump, held ?? 0);
      const keep = (why: string) => ({ state: { ...state, ...(regularMs !== undefined ? { lastRegularMs: regularMs } : {}) }, decision: { kind: 'hold' as const, reason: `${label}: ${why}` } });
      const outcome = solveIpaAt(pipeline, mode, config.objective, lambda, { now: deps.now });
      if (outcome.kind === 'fail') return keep(`keeping the current configuration; ${outcome.reason}`);
      const { result } = outcome;
      const chosen = result.decision.stages;
      if (config.budget && result.decision.cores > config.budget.cores) {
        return keep(`the choice needs ${result.decision.cores} cores, over the budget of ${config.budget.cores}; keeping the current configuration`);
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
        ...(check.kind === 'burst' ? [`${label}: ${check.reason}`] : []),
        `${check.kind === 'burst' ? 'deciding now:' : `${label}:`} predicted peak ${predicted.toFixed(1)} req/s by ${method}` +
          (planned > predicted ? `, raised to the last ${planned > floored ? `${UPSCALE_WINDOW_SECONDS} s max ${planned}` : `${FLOOR_SECONDS} s max ${recentMax}`}` : '') +
          (pipeline.marginPct ? `, +${pipeline.marginPct} % margin` : '') +
          (factor > 1 && jump > 0 ? `, +${((factor - 1) * jump).toFixed(1)} as the burst's jump goes on` : '') +
          (backlog > 0 ? `, +${backlog} queued to drain in ${drainS.toFixed(1)} s` : '') +
          (held !== undefined && held >= lambda ? `, kept at the last burst's λ ${held.toFixed(1)} for one interval` : '') +
          ` → λ ${lambda.toFixed(1)} req/s`,
        chosen.map((c) => `${c.stage} ${c.variant} ×${c.replicas} (batch ${c.batch})`).join(', '),
        `expected accuracy ${(pas * 100).toFixed(2)} %, ${result.decision.cores} cores, ${(result.decision.latencyMs / 1000).toFixed(2)} s of the ${(pipeline.slaMs / 1000).toFixed(2)} s SLA`,
        ...changes(state, chosen),
        ...(outcome.note ? [outcome.note] : []),
      ].join('; ');
      if (check.kind === 'burst') details.upscaleCheck = 1;
      const next: IpaState = {
        last: { lambdaRps: lambda, stages: chosen },
        capacityRps: carriedRps(pipeline, chosen),
        ...(regularMs !== undefined ? { lastRegularMs: regularMs } : {}),
        ...(check.kind === 'burst' ? { burst: { atMs: nowMs, lambdaRps: lambda } } : state.burst ? { burst: state.burst } : {}),
      };
      return { state: next, decision: { kind: 'apply', desired, resize: 'restart', reason, details } };
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
