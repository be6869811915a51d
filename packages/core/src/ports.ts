import type { ClusterState } from './cluster';
import type { Decision } from './decision';
import type { Forecast, ForecastInput } from './forecast';
import type { ObservationRequest, ObservationResult, Observation } from './observation';
import type { ActionPlan } from './plan';

/** Answers the few questions a scaler asks. Adapters: Prometheus, the simulator. */
export interface MetricsSource {
  observe(request: ObservationRequest): Promise<ObservationResult>;
}

/** Predicts the next horizon's peak load. Must be pure given its input and its loaded model. */
export interface Forecaster {
  readonly name: string;
  /** Seconds of history it needs to use its own model rather than its fallback. */
  readonly historySeconds: number;
  predict(input: ForecastInput): Forecast;
}

export interface ScalerInput {
  nowMs: number;
  observation: Observation;
  /** Absent when the loop runs without a forecaster (reactive scalers such as VPA and HPA). */
  forecast?: Forecast;
  cluster: ClusterState;
  /** Set when the loop asks while a plan waits for its pods (Scaler.decidesWhileWaiting): a plan decided now replaces it. */
  planWaiting?: boolean;
}

export interface ScalerOutput<State> {
  decision: Decision;
  state: State;
}

/**
 * A pure decision function: no I/O, no timers, no globals. The same code runs in virtual time in the
 * simulator and in real time in a cluster; baselines (VPA, HPA, static…) are Scalers too.
 */
export interface Scaler<State = unknown> {
  readonly name: string;
  /** Time between decisions and before the first one. */
  readonly intervalMs: number;
  readonly firstDecisionAfterMs?: number;
  /**
   * Also decide while the actuator waits for a plan's new pods to become ready (instead of holding
   * until the plan is done): a plan it decides then replaces the waiting one (ClusterActuator.supersede).
   */
  readonly decidesWhileWaiting?: boolean;
  /** What to ask the MetricsSource each interval. */
  observationRequest(nowMs: number, cluster: ClusterState): ObservationRequest;
  initialState(): State;
  decide(input: ScalerInput, state: State): ScalerOutput<State>;
}

/** Progress of the plan an actuator is carrying out. */
export interface ActuatorStatus {
  busy: boolean;
  /** Index of the step being carried out, when busy. */
  step?: number;
  /** Which plan runs (counts up per accepted plan), when busy. */
  planId?: number;
  /** True while the plan waits for pods to become ready and has done nothing after that wait: it may be superseded. */
  waitingForReady?: boolean;
  lastError?: string;
}

/**
 * Changes the cluster. `submit` starts a plan and returns once it is accepted: the plan then runs on
 * the actuator's own time (virtual in the simulator, real in Kubernetes), so a step that waits for
 * readiness never blocks the controller loop. Adapters: Kubernetes (client-node), the simulator.
 */
export interface ClusterActuator {
  current(): Promise<ClusterState>;
  submit(plan: ActionPlan): Promise<void>;
  status(): ActuatorStatus;
  /**
   * Replaces the running plan by `plan`, only while that plan is still in the state `seen` (same plan,
   * same step, waiting for ready pods): nothing after its wait has run, so `plan`, made from the cluster
   * read after `seen`, starts from what is really there. Throws PlanMovedOnError otherwise.
   */
  supersede?(plan: ActionPlan, seen: ActuatorStatus): Promise<void>;
}

/** The running plan left the state the superseding plan was made for; the loop holds and decides again. */
export class PlanMovedOnError extends Error {
  override name = 'PlanMovedOnError';
}

/** What every supersede() checks first: the running plan is still the one `seen` showed, waiting at the same step. */
export function assertStillWaiting(now: ActuatorStatus, seen: ActuatorStatus): void {
  if (now.busy && now.waitingForReady && now.planId === seen.planId && now.step === seen.step) return;
  throw new PlanMovedOnError(`plan ${seen.planId ?? '?'} was at step ${seen.step ?? '?'}, now ${now.busy ? `plan ${now.planId} step ${now.step}` : 'done'}`);
}

/**
 * Thrown by an actuator that must not act because another replica of the scaler leads. The loop
 * holds as a standby (it keeps deciding, so its state is warm when it takes over); not an error.
 */
export class StandbyError extends Error {
  override name = 'StandbyError';
}

/** Structured log lines: a message and the fields that explain it. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
