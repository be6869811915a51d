import type { Clock } from './clock';
import type { Decision } from './decision';
import type { Forecast } from './forecast';
import { errorMessage } from './errors';
import { planActions, type ActionPlan } from './plan';
import { PlanMovedOnError, silentLogger, StandbyError, type ClusterActuator, type Forecaster, type Logger, type MetricsSource, type Scaler } from './ports';

export interface ControllerDeps<State> {
  scaler: Scaler<State>;
  metrics: MetricsSource;
  actuator: ClusterActuator;
  clock: Clock;
  forecaster?: Forecaster;
  logger?: Logger;
}

/** What one tick did, for logs, metrics and reports. */
export interface DecisionRecord {
  nowMs: number;
  decision: Decision;
  forecast?: Forecast;
  /** Mean arrival rate over the last 10 s of the observation, when there was one. */
  observedRps?: number;
  plan?: ActionPlan;
  /**
   * The step that failed when the tick could not decide, or could not hand its plan over: the decision
   * is then a hold whose reason says why. Unset for a hold the scaler chose (--once exits 1 on the former).
   */
  failedAt?: TickStep;
}

/** The steps of a tick that can fail (TickStep of a DecisionRecord). */
export type TickStep = 'cluster' | 'metrics' | 'forecaster' | 'scaler' | 'actuator';

/**
 * observe → forecast → decide → plan → act, once per tick. The loop owns no timer: a driver (real
 * timers in a cluster, the event queue in the simulator) calls tick() when nextDueMs() has come.
 * Anything that goes wrong becomes a hold with a reason, never a crash and never a scale-to-zero.
 */
export class ControllerLoop<State> {
  private state: State;
  /** When the next tick is due; after a stall it moves past now instead of bursting missed ticks. */
  private dueMs: number;
  private readonly logger: Logger;

  constructor(private readonly deps: ControllerDeps<State>) {
    this.state = deps.scaler.initialState();
    this.dueMs = deps.clock.now() + (deps.scaler.firstDecisionAfterMs ?? deps.scaler.intervalMs);
    this.logger = deps.logger ?? silentLogger;
  }

  /** When the next tick should run (virtual or real ms). */
  nextDueMs(): number {
    return this.dueMs;
  }

  get scalerState(): State {
    return this.state;
  }

  async tick(): Promise<DecisionRecord> {
    const { scaler, metrics, actuator, forecaster, clock } = this.deps;
    const nowMs = clock.now();
    const interval = scaler.intervalMs;
    this.dueMs += interval;
    if (this.dueMs <= nowMs) this.dueMs += Math.ceil((nowMs - this.dueMs + 1) / interval) * interval;
    const hold = (reason: string, extra: Partial<DecisionRecord> = {}): DecisionRecord => {
      this.logger.info(`${scaler.name}: hold`, { reason, nowMs, ...(extra.failedAt ? { failedAt: extra.failedAt } : {}) });
      return { nowMs, decision: { kind: 'hold', reason }, ...extra };
    };

    const progress = actuator.status();
    // A scaler that decides while a plan waits for pods is not blind for the model load: a burst then
    // can replace the waiting plan (nothing after its wait has run), instead of waiting seconds for it.
    const superseding = progress.busy && progress.waitingForReady === true && scaler.decidesWhileWaiting === true && actuator.supersede !== undefined;
    if (progress.busy && !superseding) return hold(`previous plan still running (step ${progress.step ?? '?'})`);

    let cluster;
    try {
      cluster = await actuator.current();
    } catch (err) {
      return hold(`cannot read cluster state: ${errorMessage(err)}`, { failedAt: 'cluster' });
    }
    const result = await metrics
      .observe(scaler.observationRequest(nowMs, cluster))
      .catch((err: unknown) => ({ kind: 'no-data', reason: `metrics source failed: ${errorMessage(err)}` }) as const);
    if (result.kind === 'no-data') return hold(`no data: ${result.reason}`, { failedAt: 'metrics' });
    const observation = result.observation;
    const observedRps = meanOfLast(observation.arrivalsPerSecond, 10);

    let forecast: Forecast | undefined;
    if (forecaster) {
      try {
        forecast = forecaster.predict({ nowMs, historyPerSecond: observation.arrivalsPerSecond });
      } catch (err) {
        return hold(`forecaster failed: ${errorMessage(err)}`, { observedRps, failedAt: 'forecaster' });
      }
    }

    let decision: Decision;
    try {
      const out = scaler.decide({ nowMs, observation, forecast, cluster, ...(superseding ? { planWaiting: true } : {}) }, this.state);
      this.state = out.state;
      decision = out.decision;
    } catch (err) {
      return hold(`scaler failed: ${errorMessage(err)}`, { observedRps, forecast, failedAt: 'scaler' });
    }
    if (decision.kind === 'hold') {
      if (!decision.quiet) this.logger.info(`${scaler.name}: hold`, { reason: decision.reason, nowMs });
      return { nowMs, decision, forecast, observedRps };
    }

    const plan = planActions(cluster, decision.desired, decision.resize, decision.reason);
    if (plan.actions.length === 0 && !superseding) {
      return { nowMs, decision: { kind: 'hold', reason: `already at the decided state (${decision.reason})` }, forecast, observedRps };
    }
    this.logger.info(`${scaler.name}: ${superseding ? 'apply, replacing the plan that waits for pods' : 'apply'}`, {
      reason: decision.reason,
      steps: plan.actions.length,
      nowMs,
      details: decision.details,
    });
    try {
      if (superseding) await actuator.supersede!(plan, progress);
      else await actuator.submit(plan);
    } catch (err) {
      if (err instanceof PlanMovedOnError) {
        return { nowMs, decision: { kind: 'hold', reason: `previous plan moved on while deciding: ${err.message}` }, forecast, observedRps };
      }
      if (err instanceof StandbyError) {
        this.logger.info(`${scaler.name}: standby`, { reason: err.message });
        return { nowMs, decision: { kind: 'hold', reason: `standby: ${err.message}` }, forecast, observedRps };
      }
      this.logger.error(`${scaler.name}: actuator refused the plan`, { error: errorMessage(err) });
      return { nowMs, decision: { kind: 'hold', reason: `actuator refused the plan: ${errorMessage(err)}` }, forecast, observedRps, failedAt: 'actuator' };
    }
    return { nowMs, decision, forecast, observedRps, plan };
  }
}

function meanOfLast(values: readonly number[], n: number): number | undefined {
  if (values.length === 0) return undefined;
  const tail = values.slice(-n);
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}
