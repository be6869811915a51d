import type { ScalerInput, ScalerOutput } from '@infscale/core';
import type { IpaMode, IpaStageChoice, Now } from '@infscale/solver';
import type { IpaConfig } from './ipa-config';
import { changesSince, ipaDetails, ipaReason, type IpaChoice } from './ipa-explain';
import { bankCredit, improvedView, QUEUE_MAX_WAIT_MS, sizedLoad, tickedBank, totalCores, type ImprovedMemory } from './ipa-improved-sizing';
import { solveIpaImproved, type ImprovedOutcome } from './ipa-improved';
import { ipaLambda, withMargin } from './ipa-lambda';
import type { ResolvedIpaPipeline } from './ipa-pipeline';
import { solveIpaAt } from './ipa-solve';
import { expectedAccuracy, splitCarriedRps, splitDesiredState } from './ipa-split';
import { upscaleCheck, type UpscaleMemory } from './ipa-upscale-check';
import { arrivalRise, burstBacklog } from './burst-backlog';
import { changingCores, updateBank } from './core-bank';

/** What the scaler remembers: the last applied choice, to explain what changed; improved: its bank and sizing. */
export interface IpaState extends UpscaleMemory, ImprovedMemory {
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
 * burst; otherwise λ (ipaLambda) and the program at λ (method paper), or the improved method's choice
 * within its core budget for the queue-aware load (method improved, mode ipa); one deployment per
 * stage and chosen variant. Pure given ctx.now.
 */
export function decideIpa(ctx: IpaContext, { nowMs, observation, forecast, cluster, planWaiting }: ScalerInput, state: IpaState): ScalerOutput<IpaState> {
  const { label, config, pipeline } = ctx;
  const history = observation.arrivalsPerSecond;
  const hold = (reason: string, next: IpaState = state, quiet = false): ScalerOutput<IpaState> => ({
    state: next,
    decision: { kind: 'hold', reason: `${label}: ${reason}`, ...(quiet ? { quiet } : {}) },
  });
  if (!forecast && history.length === 0) return hold('no forecast and no arrival history yet');
  // Without a forecaster the paper's warm-up predictor: the max of the recent history.
  const predicted = forecast ? forecast.peakRps : Math.max(...history.slice(-HISTORY_SECONDS));
  const method = forecast ? forecast.method + (forecast.fallbackReason ? ' (fallback)' : '') : 'max of history';
  if (!Number.isFinite(predicted) || predicted < 0) return hold(`the forecast is not a load (${predicted})`);
  const backlog = config.drainBacklog ? (observation.queuedRequests ?? 0) : 0;

  const improved = config.method === 'improved' && ctx.mode.kind === 'ipa';
  const view = improvedView(config, pipeline, history, backlog);
  // While a plan waits for its pods only a burst replaces it: the regular decision comes once it is done.
  const check = upscaleCheck(
    config,
    planWaiting && state.lastRegularMs !== undefined ? { ...state, lastRegularMs: nowMs } : state,
    nowMs,
    history,
    improved ? () => view.burstNeed() : (rps) => withMargin(pipeline, rps) + backlog / (config.interval / 1000),
    improved ? view.burstNeedNote : undefined,
  );
  const bank = improved ? tickedBank(view, state.bank, nowMs, cluster) : state.bank;
  const ticked: IpaState = bank ? { ...state, bank } : state;
  if (check.kind === 'wait') return hold(check.reason, ticked, true);
  // A decision forced by a check leaves the regular cadence where it was.
  const regularMs = check.kind === 'burst' ? state.lastRegularMs : nowMs;
  const keep = (why: string) => hold(why, { ...state, ...(regularMs !== undefined ? { lastRegularMs: regularMs } : {}) });

  // improved with podReadySeconds, in a burst: plan new replicas only for the backlog they would still find once they serve.
  const burstQueue =
    improved && check.kind === 'burst' && state.capacityRps !== undefined && config.improved.podReadySeconds > 0
      ? burstBacklog(
          backlog,
          state.capacityRps,
          withMargin(pipeline, Math.max(predicted, check.recentRps)),
          config.improved.podReadySeconds,
          arrivalRise(history),
        )
      : undefined;
  if (check.kind === 'burst' && burstQueue?.remaining === 0 && burstQueue.drainS !== undefined)
    return hold(
      `${check.reason}; the current configuration (${state.capacityRps!.toFixed(1)} req/s) drains the ${backlog} queued in ${burstQueue.drainS.toFixed(1)} s, ` +
        `before new replicas could serve (${config.improved.podReadySeconds} s): keeping the current configuration`,
      ticked,
    );
  const lambda = ipaLambda(config, pipeline, state, nowMs, check, predicted, history, burstQueue?.remaining ?? backlog);
  const sized = improved ? sizedLoad(config, view, state, check, lambda.held, lambda.lambda, history.length) : lambda.lambda;
  const outcome: ImprovedOutcome = improved
    ? solveIpaImproved(
        pipeline,
        config.objective,
        withMargin(pipeline, lambda.floored),
        sized,
        { ...config.improved, maxWaitMs: QUEUE_MAX_WAIT_MS, credit: bankCredit(config, view, bank, nowMs) },
        { now: ctx.now },
        check.kind === 'burst' || !state.last ? undefined : { stages: state.last.stages, cores: totalCores(state.last.stages) },
      )
    : solveIpaAt(pipeline, ctx.mode, config.objective, lambda.lambda, { now: ctx.now });
  if (outcome.kind === 'fail') return keep(`keeping the current configuration; ${outcome.reason}`);
  const chosen = outcome.result.decision.stages;
  const cores = totalCores(chosen);
  if (config.budget && cores > config.budget.cores) {
    return keep(`the choice needs ${cores} cores, over the budget of ${config.budget.cores}; keeping the current configuration`);
  }

  const desired = splitDesiredState(pipeline, chosen);
  const choice: IpaChoice = {
    predicted,
    method,
    backlog,
    ...(burstQueue && burstQueue.remaining < backlog ? { backlogLeft: burstQueue.remaining } : {}),
    lambda,
    outcome,
    pas: chosen.reduce((a, c) => a * expectedAccuracy(pipeline, c), 1),
    ...(improved ? { improved: { sizedRps: sized, slackS: view.slackS, headroom: config.improved.headroom } } : {}),
  };
  const details = ipaDetails(choice);
  if (check.kind === 'burst') details.upscaleCheck = 1;
  const allowed = outcome.allowedCores;
  const next: IpaState = {
    ...(improved ? { sizedRps: sized } : {}),
    ...(improved && allowed !== undefined ? { bank: updateBank(bank, nowMs, changingCores(cluster, desired), allowed, view.bankMax(allowed)) } : {}),
    last: { lambdaRps: lambda.lambda, stages: chosen },
    capacityRps: splitCarriedRps(pipeline, chosen),
    ...(regularMs !== undefined ? { lastRegularMs: regularMs } : {}),
    ...(check.kind === 'burst' ? { burst: { atMs: nowMs, lambdaRps: lambda.lambda } } : state.burst ? { burst: state.burst } : {}),
  };
  const reason = ipaReason(label, check, choice, pipeline, changesSince(state.last, chosen));
  return { state: next, decision: { kind: 'apply', desired, resize: 'restart', reason, details } };
}
