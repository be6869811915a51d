import type { DeploymentSpec, DesiredState, ScalerInput, ScalerOutput } from '@infscale/core';
import type { IpaMode, IpaStageChoice, Now } from '@infscale/solver';
import type { IpaConfig } from './ipa-config';
import { changesSince, ipaDetails, ipaReason, type IpaChoice } from './ipa-explain';
import { ipaLambda, withMargin } from './ipa-lambda';
import { ipaDeploymentFor, type ResolvedIpaPipeline } from './ipa-pipeline';
import { solveIpaAt } from './ipa-solve';
import { carriedRps, upscaleCheck, type UpscaleMemory } from './ipa-upscale-check';

/** What the scaler remembers: the last applied choice, to explain what changed. */
export interface IpaState extends UpscaleMemory {
  last?: { lambdaRps: number; stages: IpaStageChoice[] };
}

/** What every decision of one configured scaler shares. */
export interface IpaContext {
  /** ipa, or the baseline's name (fa2-low…): the reasons' prefix. */
  label: string;
  config: IpaConfig;
  pipeline: ResolvedIpaPipeline;
  mode: IpaMode;
  /** Times the solve for the details; never read by the decision. */
  now: Now | undefined;
}

/** History the fallback looks at, and the LSTM's input window (12 × 10 s). */
export const HISTORY_SECONDS = 120;

/**
 * One tick of IPA: hold without data; between regular decisions, hold unless the upscale check sees a
 * burst; otherwise λ (ipaLambda), the program at λ, and the chosen variant, batch and replicas per
 * stage as one deployment per stage. Pure given ctx.now.
 */
export function decideIpa(ctx: IpaContext, { nowMs, observation, forecast }: ScalerInput, state: IpaState): ScalerOutput<IpaState> {
  const { label, config, pipeline } = ctx;
  const history = observation.arrivalsPerSecond;
  const hold = (reason: string, next: IpaState = state, quiet = false): ScalerOutput<IpaState> => ({ state: next, decision: { kind: 'hold', reason: `${label}: ${reason}`, ...(quiet ? { quiet } : {}) } });
  if (!forecast && history.length === 0) return hold('no forecast and no arrival history yet');
  // Without a forecaster the paper's warm-up predictor: the max of the recent history.
  const predicted = forecast ? forecast.peakRps : Math.max(...history.slice(-HISTORY_SECONDS));
  const method = forecast ? forecast.method + (forecast.fallbackReason ? ' (fallback)' : '') : 'max of history';
  if (!Number.isFinite(predicted) || predicted < 0) return hold(`the forecast is not a load (${predicted})`);
  const backlog = config.drainBacklog ? (observation.queuedRequests ?? 0) : 0;

  const check = upscaleCheck(config, state, nowMs, history, (rps) => withMargin(pipeline, rps) + backlog / (config.interval / 1000));
  if (check.kind === 'wait') return hold(check.reason, state, true);
  // A decision forced by a check leaves the regular cadence where it was.
  const regularMs = check.kind === 'burst' ? state.lastRegularMs : nowMs;
  const keep = (why: string) => hold(why, { ...state, ...(regularMs !== undefined ? { lastRegularMs: regularMs } : {}) });

  const lambda = ipaLambda(config, pipeline, state, nowMs, check, predicted, history, backlog);
  const outcome = solveIpaAt(pipeline, ctx.mode, config.objective, lambda.lambda, { now: ctx.now });
  if (outcome.kind === 'fail') return keep(`keeping the current configuration; ${outcome.reason}`);
  const chosen = outcome.result.decision.stages;
  if (config.budget && outcome.result.decision.cores > config.budget.cores) {
    return keep(`the choice needs ${outcome.result.decision.cores} cores, over the budget of ${config.budget.cores}; keeping the current configuration`);
  }

  const choice: IpaChoice = { predicted, method, backlog, lambda, outcome, pas: chosen.reduce((a, c) => a * accuracyOf(pipeline, c), 1) };
  const details = ipaDetails(choice);
  if (check.kind === 'burst') details.upscaleCheck = 1;
  const next: IpaState = {
    last: { lambdaRps: lambda.lambda, stages: chosen },
    capacityRps: carriedRps(pipeline, chosen),
    ...(regularMs !== undefined ? { lastRegularMs: regularMs } : {}),
    ...(check.kind === 'burst' ? { burst: { atMs: nowMs, lambdaRps: lambda.lambda } } : state.burst ? { burst: state.burst } : {}),
  };
  const reason = ipaReason(label, check, choice, pipeline, changesSince(state.last, chosen));
  return { state: next, decision: { kind: 'apply', desired: desiredState(pipeline, chosen), resize: 'restart', reason, details } };
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
