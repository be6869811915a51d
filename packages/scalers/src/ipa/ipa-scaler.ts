import { parseConfig, type Scaler } from '@infscale/core';
import type { IpaStageChoice, Now } from '@infscale/solver';
import type { IpaPipeline } from '@infscale/profiles';
import { IPA_UPSCALE_EVERY_MS, ipaConfigSchema, type IpaConfig } from './ipa-config';
import { ipaModeFor } from './ipa-baselines';
import { ipaDeploymentFor, resolveIpaPipeline, type ResolvedIpaPipeline } from './ipa-pipeline';
import { solveIpaAt } from './ipa-solve';
import { solveIpaImproved, type ImprovedOutcome } from './ipa-improved';
import { queueAwareRate } from './queue-aware-rate';
import { changingCores, runningCores, savedCoreSeconds, updateBank, type CoreBank } from './core-bank';
import { expectedAccuracy, splitCarriedRps, splitDesiredState } from './ipa-split';
import { heldBurstLambda, upscaleCheck, type UpscaleMemory } from './ipa-upscale-check';
import { tickPeriodMs, UPSCALE_WINDOW_SECONDS } from '../upscale-check';

/** What the scaler remembers: the last applied choice, to explain what changed. */
export interface IpaState extends UpscaleMemory {
  last?: { lambdaRps: number; stages: IpaStageChoice[] };
  /** improved: cores allowed and not spent yet. */
  bank?: CoreBank;
  /** improved: the load the last decision sized for. */
  sizedRps?: number;
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
/** improved: the upscale check's queue-aware need looks at this much recent history. */
const CHECK_WINDOW_SECONDS = 10;
/** The stage queues' max wait (the deployed default, and the simulator's), ms. */
const QUEUE_MAX_WAIT_MS = 1000;

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
    decide: ({ nowMs, observation, forecast, cluster }, state) => {
      const history = observation.arrivalsPerSecond;
      if (!forecast && history.length === 0) return { state, decision: { kind: 'hold', reason: `${label}: no forecast and no arrival history yet` } };
      // Without a forecaster the paper's warm-up predictor: the max of the recent history.
      const predicted = forecast ? forecast.peakRps : Math.max(...history.slice(-HISTORY_SECONDS));
      const method = forecast ? forecast.method + (forecast.fallbackReason ? ' (fallback)' : '') : 'max of history';
      if (!Number.isFinite(predicted) || predicted < 0) return { state, decision: { kind: 'hold', reason: `${label}: the forecast is not a load (${predicted})` } };
      const backlog = config.drainBacklog ? (observation.queuedRequests ?? 0) : 0;
      const withMargin = (rps: number): number => rps * (1 + pipeline.marginPct / 100);
      const intervalS = config.interval / 1000;

      const improved = config.method === 'improved' && mode.kind === 'ipa';
      // improved: a request may wait in the stage queues for part of the SLA, so what runs need only carry
      // the recent load as those queues see it, not its busiest second.
      const slackS = (config.improved.queueSlack * pipeline.slaMs) / 1000;
      const queueNeed = (windowS: number): number =>
        queueAwareRate({ history, windowS, backlog, slackS, floorS: config.improved.floorSeconds ?? intervalS }) / config.improved.utilization;
      const check = upscaleCheck(config, state, nowMs, history, improved ? () => queueNeed(CHECK_WINDOW_SECONDS) : (rps) => withMargin(rps) + backlog / intervalS);
      const bankMax = (allowed: number): number => config.improved.bankSeconds * allowed;
      // improved: every tick counts the cores that run against the allowance.
      const ticked = improved && state.bank ? { ...state, bank: updateBank(state.bank, nowMs, runningCores(cluster), state.bank.allowedCores, bankMax(state.bank.allowedCores)) } : state;
      if (check.kind === 'wait') return { state: ticked, decision: { kind: 'hold', quiet: true, reason: `${label}: ${check.reason}` } };
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
      // A load over what runs (as the upscale check sees it) is planned for in full, like a burst, and so is
      // a burst's held λ (its replicas are not taken back while they load); so is a history shorter than
      // the window: it says little of the load to come.
      const tolerance = config.upscaleCheck === 'off' ? 0.1 : config.upscaleCheck.tolerance;
      const rising = state.capacityRps !== undefined && queueNeed(CHECK_WINDOW_SECONDS) > state.capacityRps * (1 + tolerance);
      const queueSized = improved && check.kind !== 'burst' && held === undefined && !rising && history.length >= config.improved.historySeconds;
      // Within the tolerance of the last sizing the last one stands: noise alone should not move replicas.
      const fresh = queueSized ? Math.min(lambda, queueNeed(config.improved.historySeconds)) : lambda;
      const sized = queueSized && state.sizedRps !== undefined && Math.abs(fresh - state.sizedRps) <= tolerance * state.sizedRps ? Math.min(lambda, state.sizedRps) : fresh;
      const saved = savedCoreSeconds(ticked.bank, nowMs, bankMax(ticked.bank?.allowedCores ?? 0));
      const outcome: ImprovedOutcome = improved
        ? solveIpaImproved(
            pipeline, config.objective, withMargin(floored), sized,
            { ...config.improved, maxWaitMs: QUEUE_MAX_WAIT_MS, credit: { upgradeCores: saved / config.improved.upgradeSeconds, holdCores: saved / intervalS } },
            { now: deps.now },
            check.kind === 'burst' || !state.last ? undefined : { stages: state.last.stages, cores: totalCores(state.last.stages) },
          )
        : solveIpaAt(pipeline, mode, config.objective, lambda, { now: deps.now });
      if (outcome.kind === 'fail') return keep(`keeping the current configuration; ${outcome.reason}`);
      const { result } = outcome;
      const chosen = result.decision.stages;
      const decidedCores = totalCores(chosen);
      const decidedLatencyMs = chosen.reduce((a, c) => a + c.latencyMs, 0);
      if (config.budget && decidedCores > config.budget.cores) {
        return keep(`the choice needs ${decidedCores} cores, over the budget of ${config.budget.cores}; keeping the current configuration`);
      }

      const desired = splitDesiredState(pipeline, chosen);
      const pas = chosen.reduce((a, c) => a * expectedAccuracy(pipeline, c), 1);
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
        costCores: decidedCores,
        latencyMs: round(decidedLatencyMs),
      };
      for (const c of chosen) {
        details[`${c.stage}.variant`] = c.variant;
        details[`${c.stage}.batch`] = c.batch;
        details[`${c.stage}.replicas`] = c.replicas;
        if (c.parts.length > 1) details[`${c.stage}.split`] = c.parts.map((x) => `${x.variant} ×${x.replicas} b${x.batch} ${(100 * x.share).toFixed(1)} %`).join(' + ');
      }
      if (improved) {
        details.sizedRps = round(sized);
        if (outcome.budgetCores !== undefined) details.budgetCores = round(outcome.budgetCores);
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
        ...(improved && sized < lambda ? [`sized for ${sized.toFixed(1)} req/s, what the queues must carry within ${slackS.toFixed(1)} s`] : []),
        chosen.map((c) => `${c.stage} ${c.parts.map((x) => `${x.variant} ×${x.replicas} (batch ${x.batch}${c.parts.length > 1 ? `, ${(100 * x.share).toFixed(1)} %` : ''})`).join(' + ')}`).join(', '),
        ...(improved && outcome.budgetCores !== undefined ? [`budget ${outcome.budgetCores.toFixed(1)} cores (${(1 + config.improved.headroom).toFixed(2)} × the cheapest's ${outcome.cheapestCores})`] : []),
        `expected accuracy ${(pas * 100).toFixed(2)} %, ${decidedCores} cores, ${(decidedLatencyMs / 1000).toFixed(2)} s of the ${(pipeline.slaMs / 1000).toFixed(2)} s SLA`,
        ...changes(state, chosen),
        ...(outcome.note ? [outcome.note] : []),
      ].join('; ');
      if (check.kind === 'burst') details.upscaleCheck = 1;
      const allowed = outcome.allowedCores;
      const next: IpaState = {
        ...(improved ? { sizedRps: sized } : {}),
        ...(improved && allowed !== undefined ? { bank: updateBank(ticked.bank, nowMs, changingCores(cluster, desired), allowed, bankMax(allowed)) } : {}),
        last: { lambdaRps: lambda, stages: chosen },
        capacityRps: splitCarriedRps(pipeline, chosen),
        ...(regularMs !== undefined ? { lastRegularMs: regularMs } : {}),
        ...(check.kind === 'burst' ? { burst: { atMs: nowMs, lambdaRps: lambda } } : state.burst ? { burst: state.burst } : {}),
      };
      return { state: next, decision: { kind: 'apply', desired, resize: 'restart', reason, details } };
    },
  };
}

/** Plain words for what changed since the last applied choice. */
function changes(state: IpaState, chosen: readonly IpaStageChoice[]): string[] {
  if (!state.last) return ['first decision'];
  const out: string[] = [];
  chosen.forEach((c, i) => {
    const before = state.last!.stages[i];
    if (!before) return;
    // One variant for another: the paper's switch.
    if (before.parts.length === 1 && c.parts.length === 1 && before.variant !== c.variant) out.push(`${c.stage}: switching ${before.variant} → ${c.variant} (make-before-break)`);
    else {
      for (const part of c.parts) {
        const was = before.parts.find((x) => x.variant === part.variant);
        if (!was) out.push(`${c.stage}: adding ${part.variant} ×${part.replicas} (make-before-break)`);
        else if (was.replicas !== part.replicas) out.push(`${c.stage}: ${c.parts.length > 1 ? `${part.variant} ` : ''}${was.replicas} → ${part.replicas} replicas`);
      }
      for (const was of before.parts) if (!c.parts.some((x) => x.variant === was.variant)) out.push(`${c.stage}: removing ${was.variant}`);
    }
    for (const part of c.parts) {
      const was = before.parts.find((x) => x.variant === part.variant) ?? (before.parts.length === 1 && c.parts.length === 1 ? before.parts[0] : undefined);
      if (was && was.batch !== part.batch) out.push(`${c.stage}: ${c.parts.length > 1 ? `${part.variant} ` : ''}batch ${was.batch} → ${part.batch}`);
    }
  });
  return out;
}

function totalCores(chosen: readonly IpaStageChoice[]): number {
  return chosen.reduce((a, c) => a + c.cores, 0);
}

function round(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}
