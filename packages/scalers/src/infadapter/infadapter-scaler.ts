import { formatDuration, type Decision, type Scaler, type ScalerInput, type ScalerOutput } from '@infscale/core';
import {
  capacityAt,
  maxCapacity,
  solveInfAdapter,
  zeroClock,
  type InfAdapterAllocation,
  type InfAdapterDecision,
  type InfAdapterProblem,
  type Now,
  type SolveOptions,
  type SolveResult,
} from '@infscale/solver';
import { describeAllocations, describeRunning, desiredFromAllocations } from './desired';
import { INFADAPTER_DETAIL_KEYS as K, variantCoresKey, variantQuotaKey, variantRateKey } from './detail-keys';
import { deploymentOf, parseInfAdapterConfig, type InfAdapterConfig } from './infadapter-config';
import { capacityModel, emptyCapacityCalibration, updateCapacityCalibration, type CapacityCalibration } from './capacity-calibration';
import { burstSpareSettings, isFlashCrowd, spareWanted, withBurstSpare } from './burst-spare';
import { burstLambda, improvedLoad, INFADAPTER_CALIBRATION } from './improved-load';
import { buildProblem, currentCapacityRps, runningOnly } from './problem';
import { keepRunning, startCost } from './switch-cost';
import { stabilizeDownscale, type DownscaleState } from './stabilization';
import { infAdapterTickMs, upscaleCheck } from './upscale-check';
import { emptyCalibration, recordPrediction, resolveCalibration, type ForecastCalibration } from '../forecast-calibration';

/** How a decision is searched: InfAdapter's full program, or a restricted one (MS+: one variant). */
export interface AllocationStrategy {
  name: string;
  solve(problem: InfAdapterProblem, options: SolveOptions): SolveResult<InfAdapterDecision>;
  /** The most capacity the strategy can give, for loads beyond reach; most accurate first. */
  largest(problem: InfAdapterProblem): InfAdapterAllocation[];
}

export const INFADAPTER_STRATEGY: AllocationStrategy = {
  name: 'infadapter',
  solve: solveInfAdapter,
  largest: (p) => {
    const m = maxCapacity(p);
    return allocationsFor(p, m.cores);
  },
};

/** Allocations for a core vector (problem order) with each variant's full capacity as its quota. */
export function allocationsFor(p: InfAdapterProblem, cores: readonly number[]): InfAdapterAllocation[] {
  return p.variants
    .map((v, i) => ({ v, n: cores[i] ?? 0 }))
    .filter(({ n }) => n > 0)
    .sort((a, b) => b.v.accuracy - a.v.accuracy)
    .map(({ v, n }) => {
      const cap = capacityAt(v, n) ?? 0;
      return { variant: v.name, cores: n, quotaRps: cap, capacityRps: cap };
    });
}

export interface InfAdapterScalerOptions {
  /** Clock for the solve time in the details only (decisions never read it); default: solveMs = 0. */
  now?: Now;
  strategy?: AllocationStrategy;
  /** Scaler name in logs and metrics (default the strategy's). */
  name?: string;
}

export interface InfAdapterState extends DownscaleState {
  /** When the last decision on the regular interval ran (upscale checks in between do not move it). */
  lastRegularMs?: number;
  /** improved: the forecast's recent errors (its margin) and the capacity model's calibration. */
  forecastCalibration?: ForecastCalibration;
  capacityCalibration?: CapacityCalibration;
  /** improved: λ of the last applied decision (a burst's rise is measured from it). */
  lastLambdaRps?: number;
  /** improved: when a burst last grew the running variants in place (the next burst check decides in full). */
  grewForBurstMs?: number;
  /** improved with burstSpare: when the last flash crowd outran the running variants grown in place. */
  lastFlashCrowdMs?: number;
  /** improved with burstSpare: the variant the last plan kept warm with no traffic. */
  spareVariant?: string;
}

/**
 * InfAdapter as a pure Scaler: every interval λ = ⌈forecast⌉ (the loop's forecaster already holds the
 * ×1.1 headroom), downscale stabilization against the running capacity, then the program solved
 * exactly; the answer is one deployment per active variant and the dispatcher's quotas (Σ = λ).
 */
export function createInfAdapterScaler(input: unknown, options: InfAdapterScalerOptions = {}): Scaler<InfAdapterState> {
  const config = parseInfAdapterConfig(input, `${options.strategy?.name ?? 'infadapter'} config`);
  const strategy = options.strategy ?? INFADAPTER_STRATEGY;
  const now = options.now ?? zeroClock;
  return {
    name: options.name ?? strategy.name,
    // With upscale checks the loop ticks at the check period; decide() keeps the regular interval itself.
    intervalMs: infAdapterTickMs(config),
    firstDecisionAfterMs: config.firstDecisionAfter,
    observationRequest: (nowMs, cluster) => {
      const variants = config.variants.map((v) => deploymentOf(config, v));
      // improved: the running variants' CPU usage and arrivals calibrate the capacity model.
      const running = config.method === 'improved' ? variants.filter((name) => cluster.deployments.some((d) => d.name === name && d.replicas > 0)) : [];
      // Without CPU metrics the model stays the configured profile: usage is optional.
      return { nowMs, historySeconds: config.historySeconds, deployments: running, loadFrom: variants, ...(running.length > 0 ? { usageOptional: true } : {}) };
    },
    initialState: () => ({ waited: 0 }),
    decide: (input, state) => decideInfAdapter(config, strategy, now, input, state),
  };
}

function hold(reason: string, state: InfAdapterState): ScalerOutput<InfAdapterState> {
  return { decision: { kind: 'hold', reason }, state };
}

export function decideInfAdapter(
  config: InfAdapterConfig,
  strategy: AllocationStrategy,
  now: Now,
  input: ScalerInput,
  state: InfAdapterState,
): ScalerOutput<InfAdapterState> {
  const { nowMs, observation, forecast, cluster } = input;
  // No data is never a reason to scale: keep what runs.
  if (observation.arrivalsPerSecond.length === 0) return hold('no arrival history yet: keeping the running configuration', state);
  if (!forecast) return hold('no forecast (the loop needs the InfAdapter forecaster): keeping the running configuration', state);
  if (!Number.isFinite(forecast.peakRps) || forecast.peakRps < 0)
    return hold(`forecast ${forecast.peakRps} req/s is not a load: keeping the running configuration`, state);

  const history = observation.arrivalsPerSecond;
  const improved = config.method === 'improved';
  // improved: both calibrations learn on every tick, the quiet ones too (usage is a rate since the last look).
  const learned: Pick<InfAdapterState, 'forecastCalibration' | 'capacityCalibration'> = improved
    ? {
        forecastCalibration: resolveCalibration(state.forecastCalibration ?? emptyCalibration(), INFADAPTER_CALIBRATION(config), nowMs, history),
        capacityCalibration: updateCapacityCalibration(
          state.capacityCalibration ?? emptyCapacityCalibration(),
          config,
          cluster,
          observation.deployments,
          nowMs,
          history,
        ),
      }
    : {};
  const model = improved ? capacityModel(learned.capacityCalibration) : undefined;
  const load = improved ? improvedLoad(config, learned.forecastCalibration!, forecast.peakRps, history) : undefined;
  const spareSettings = burstSpareSettings(config);
  // The spare takes no traffic: what runs carries only what the other variants do.
  const capacity = currentCapacityRps(config, cluster, model, state.spareVariant);
  const spareMemory: Pick<InfAdapterState, 'lastFlashCrowdMs' | 'spareVariant'> = {
    ...(state.lastFlashCrowdMs !== undefined ? { lastFlashCrowdMs: state.lastFlashCrowdMs } : {}),
    ...(state.spareVariant !== undefined ? { spareVariant: state.spareVariant } : {}),
  };
  const check = upscaleCheck(config, state.lastRegularMs, nowMs, history, capacity, load?.factor);
  if (check.kind === 'wait') return { decision: { kind: 'hold', reason: check.reason, quiet: true }, state: improved ? { ...state, ...learned } : state };
  // A decision forced by a check leaves the regular cadence (and the downscale count) where it was.
  const regular = check.kind === 'due' ? { lastRegularMs: nowMs } : state.lastRegularMs !== undefined ? { lastRegularMs: state.lastRegularMs } : {};
  // A regular decision's prediction is scored once its interval has passed (the margin's samples).
  if (load && check.kind === 'due') learned.forecastCalibration = recordPrediction(learned.forecastCalibration!, nowMs, load.baseRps);

  // λ ≥ 1 so that a quiet minute keeps one variant running instead of scaling to zero.
  const forecastLambda = Math.max(1, Math.ceil((load ? load.lambdaRps : forecast.peakRps) - 1e-9));
  // improved: a burst is planned as going on by as much again as it rose since the last λ (new
  // variants take seconds to load; the next regular decision takes back what was not needed).
  const burstRps = check.kind !== 'burst' ? 0 : improved ? burstLambda(check.neededRps, state.lastLambdaRps) : check.neededRps;
  const lambda = Math.max(forecastLambda, burstRps);
  const running = describeRunning(config, cluster);
  const verdict = stabilizeDownscale(lambda, capacity, state, config.downscaleStabilizationDecisions);
  if (!verdict.act) return hold(`${verdict.why}; running ${running}`, { waited: verdict.waited, ...regular, ...learned, ...spareMemory });
  const next: InfAdapterState = {
    waited: 0,
    ...regular,
    ...learned,
    ...(improved ? { lastLambdaRps: lambda } : {}),
    ...(spareMemory.lastFlashCrowdMs !== undefined ? { lastFlashCrowdMs: spareMemory.lastFlashCrowdMs } : {}),
  };

  const full = buildProblem(config, cluster, lambda, model);
  // improved: a burst is met first by the running variants alone, grown in place within a second;
  // starting another variant holds every decision until it has loaded. If they cannot carry λ, they
  // grow as far as the budget lets them now, and the next check (a burst still) decides the whole
  // program while they carry what they can.
  const fast =
    improved && check.kind === 'burst' && !(state.grewForBurstMs !== undefined && nowMs - state.grewForBurstMs <= 2 * infAdapterTickMs(config))
      ? runningOnly(full)
      : undefined;
  const fastResult = fast ? strategy.solve(fast, { now }) : undefined;
  const grow = fast && fastResult?.status === 'infeasible' ? strategy.largest(fast) : [];
  // A flash crowd: the variants that take traffic could not carry it grown in place (the spare had to, or
  // no running variant could). Each one holds the spare for another holdFor.
  const spareServes =
    state.spareVariant !== undefined &&
    fastResult?.status === 'optimal' &&
    fastResult.decision.allocations.some((a) => a.variant === state.spareVariant && a.quotaRps > 0);
  if (
    spareSettings &&
    check.kind === 'burst' &&
    (fastResult?.status === 'infeasible' || spareServes) &&
    isFlashCrowd(spareSettings, check.neededRps, state.lastLambdaRps)
  )
    next.lastFlashCrowdMs = nowMs;
  const crowdNote =
    spareSettings && next.lastFlashCrowdMs === nowMs
      ? `; a flash crowd (≥ ${spareSettings.minRise} × the last λ, ${state.lastLambdaRps ?? '?'} req/s): the plans of the next ${formatDuration(spareSettings.holdForMs)} keep ${spareSettings.variant ?? 'the lightest variant'} loaded for the next one`
      : '';
  if (fast && grow.reduce((a, x) => a + x.capacityRps, 0) > capacity) {
    const desired = desiredFromAllocations(config, grow);
    const reason = `${check.kind === 'burst' ? `${check.reason}: ` : ''}λ=${lambda} req/s is beyond the running variants; growing them in place first: ${describeAllocations(grow)} (${grow.reduce((a, x) => a + x.capacityRps, 0)} req/s)${crowdNote}`;
    return {
      decision: {
        kind: 'apply',
        desired,
        resize: config.resize,
        reason,
        details: { [K.predictedLoadRps]: lambda, [K.totalCores]: grow.reduce((a, x) => a + x.cores, 0) },
      },
      state: { ...next, grewForBurstMs: nowMs },
    };
  }
  let [problem, result] = fast && fastResult?.status === 'optimal' ? [fast, fastResult] : [full, strategy.solve(full, { now })];
  // improved: a regular plan that starts a variant must gain more than starting it costs over the best
  // the running variants can do resized in place (switch-cost.ts); a burst takes the best plan at once.
  let kept = '';
  if (improved && check.kind !== 'burst' && result.status === 'optimal' && problem === full) {
    const cost = startCost(full, result.decision.allocations, config.interval / 1000);
    if (cost > 0) {
      const runningProblem = runningOnly(full);
      const stay = strategy.solve(runningProblem, { now });
      const cores = (a: readonly InfAdapterAllocation[]) => a.reduce((sum, x) => sum + x.cores, 0);
      if (stay.status === 'optimal') {
        const choice = {
          gain: result.objective - stay.objective,
          cost,
          coresStarting: cores(result.decision.allocations),
          coresRunning: cores(stay.decision.allocations),
        };
        if (keepRunning(choice)) {
          kept = ` (starting ${describeAllocations(result.decision.allocations)} would gain ${choice.gain.toFixed(4)}, less than its load costs, ${cost.toFixed(4)})`;
          [problem, result] = [runningProblem, stay];
        }
      }
    }
  }
  let allocations: InfAdapterAllocation[];
  let objective: number | undefined;
  let accuracy: number;
  let outcome: string;
  if (result.status === 'optimal') {
    allocations = result.decision.allocations;
    objective = result.objective;
    accuracy = result.decision.accuracy;
    const heldNote =
      load?.held && check.kind !== 'burst'
        ? ` (forecast ${Math.round(load.held.forecastRps)} req/s held to the last interval's peak, ${load.held.ceilingRps})`
        : '';
    outcome = `${check.kind === 'burst' ? `${check.reason}: deciding now; ` : ''}${verdict.why}${heldNote} of ${running} → ${describeAllocations(allocations)}, quotas ${allocations.map((a) => a.quotaRps).join('/')}${kept}${crowdNote}`;
  } else if (result.status === 'infeasible') {
    // Beyond reach: serve as much as possible rather than nothing, and say why.
    allocations = strategy.largest(problem);
    if (allocations.length === 0) return hold(`${strategy.name}: ${result.reason}; nothing can be started: keeping ${running}`, next);
    const served = allocations.reduce((s, a) => s + a.capacityRps, 0);
    accuracy = allocations.reduce((s, a) => s + a.quotaRps * (problem.variants.find((v) => v.name === a.variant)?.accuracy ?? 0), 0) / Math.max(1, served);
    outcome = `${verdict.why} of ${running}; infeasible (${result.reason}) → largest capacity ${served} req/s: ${describeAllocations(allocations)}, quotas ${allocations.map((a) => a.quotaRps).join('/')}`;
  } else {
    return hold(`${strategy.name} solver ${result.status}: ${result.reason}; keeping ${running}`, next);
  }

  const details: Record<string, number | string> = {
    [K.predictedLoadRps]: lambda,
    [K.forecastRps]: forecast.peakRps,
    [K.forecastMethod]: forecast.method,
    [K.currentCapacityRps]: capacity,
    [K.capacityRps]: allocations.reduce((s, a) => s + a.capacityRps, 0),
    [K.solveMs]: 'solveMs' in result ? result.solveMs : 0,
    [K.expectedAccuracy]: accuracy,
    [K.totalCores]: allocations.reduce((s, a) => s + a.cores, 0),
    [K.solverStatus]: result.status,
  };
  if (objective !== undefined) details[K.objective] = objective;
  if (load) details[K.marginFactor] = load.factor;
  if (model) for (const v of config.variants) details[variantRateKey(v.name)] = model(v, config.resourcePolicy.maxCores) / config.resourcePolicy.maxCores;
  for (const v of config.variants) {
    const a = allocations.find((x) => x.variant === v.name);
    details[variantCoresKey(v.name)] = a?.cores ?? 0;
    details[variantQuotaKey(v.name)] = a?.quotaRps ?? 0;
  }
  if (spareSettings && spareWanted(spareSettings, next.lastFlashCrowdMs, nowMs)) {
    const planned = withBurstSpare(full, allocations, spareSettings.variant);
    if (planned.spare) {
      allocations = [...planned.allocations];
      next.spareVariant = planned.spare.variant;
      outcome += `; ${planned.spare.variant}:${planned.spare.cores} kept loaded with no traffic for the next flash crowd (the last ${Math.round((nowMs - next.lastFlashCrowdMs!) / 1000)} s ago)`;
      details[K.totalCores] = allocations.reduce((s, a) => s + a.cores, 0);
      details[variantCoresKey(planned.spare.variant)] = planned.spare.cores;
    }
  }
  const decision: Decision = { kind: 'apply', desired: desiredFromAllocations(config, allocations), resize: config.resize, reason: outcome, details };
  return { decision, state: next };
}
