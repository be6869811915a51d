import type { ClusterState, DecisionRecord } from '@infscale/core';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Why a tick held, in a few classes that are safe as label values (the reason text is not). */
export type HoldReasonClass = 'no-data' | 'busy' | 'cluster' | 'forecaster' | 'scaler-error' | 'actuator' | 'standby' | 'unchanged' | 'waiting' | 'scaler';

/** Prefixes of the ControllerLoop's hold reasons (packages/core controller.ts); anything else is the scaler's own. */
const HOLD_PREFIXES: Array<[string, HoldReasonClass]> = [
  ['no data:', 'no-data'],
  ['previous plan still running', 'busy'],
  ['cannot read cluster state', 'cluster'],
  ['forecaster failed', 'forecaster'],
  ['scaler failed', 'scaler-error'],
  ['actuator refused', 'actuator'],
  ['standby:', 'standby'],
  ['already at the decided state', 'unchanged'],
];
const ERROR_CLASSES: ReadonlySet<HoldReasonClass> = new Set(['cluster', 'forecaster', 'scaler-error', 'actuator']);

export function holdReasonClass(reason: string): HoldReasonClass {
  return HOLD_PREFIXES.find(([prefix]) => reason.startsWith(prefix))?.[1] ?? 'scaler';
}

/** Decision times from 1 ms (a table lookup) to 10 s (a large MILP). */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * A scaler's own metrics, `infscale_<scaler>_<noun>_<unit>`, in the manner of the HPA controller
 * (desired vs current replicas) and KEDA (errors total, a value per scaled object):
 * decisions_total{kind}, decision_duration_seconds, holds_total{reason_class}, errors_total,
 * desired_replicas / desired_cores / current_replicas / current_ready_replicas / current_cores
 * {deployment}, predicted_load_rps, observed_load_rps, and decision_value{name}: every number the
 * scaler explained its last applied decision with (objective, expected accuracy, solve ms, λ…).
 */
export class ScalerMetrics {
  readonly prefix: string;
  private readonly decisions: Counter<'kind'>;
  private readonly duration: Histogram;
  private readonly holds: Counter<'reason_class'>;
  private readonly errors: Counter;
  private readonly desiredReplicas: Gauge<'deployment'>;
  private readonly desiredCores: Gauge<'deployment'>;
  private readonly currentReplicas: Gauge<'deployment'>;
  private readonly currentReadyReplicas: Gauge<'deployment'>;
  private readonly currentCores: Gauge<'deployment'>;
  private readonly predictedLoad: Gauge;
  private readonly observedLoad: Gauge;
  private readonly decisionValues: Gauge<'name'>;

  constructor(
    scaler: string,
    readonly registry: Registry = new Registry(),
  ) {
    const name = scaler.replace(/-/g, '_');
    if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`scaler name ${JSON.stringify(scaler)} cannot be part of a metric name`);
    const p = (this.prefix = `infscale_${name}`);
    const registers = [registry];
    const gauge = (noun: string, help: string) => new Gauge({ name: `${p}_${noun}`, help, labelNames: ['deployment'] as const, registers });
    this.decisions = new Counter({
      name: `${p}_decisions_total`,
      help: 'Ticks of the control loop, by decision kind (apply or hold).',
      labelNames: ['kind'],
      registers,
    });
    this.duration = new Histogram({
      name: `${p}_decision_duration_seconds`,
      help: 'Time of one tick: observe, forecast, decide, submit.',
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.holds = new Counter({ name: `${p}_holds_total`, help: 'Holds, by class of reason.', labelNames: ['reason_class'], registers });
    this.errors = new Counter({ name: `${p}_errors_total`, help: 'Ticks that failed on the cluster, the forecaster, the scaler or the actuator.', registers });
    this.desiredReplicas = gauge('desired_replicas', 'Replicas per deployment in the last applied decision.');
    this.desiredCores = gauge('desired_cores', 'CPU cores per pod per deployment in the last applied decision.');
    this.currentReplicas = gauge('current_replicas', 'Replicas per deployment in the cluster.');
    this.currentReadyReplicas = gauge('current_ready_replicas', 'Ready replicas per deployment in the cluster.');
    this.currentCores = gauge('current_cores', 'CPU cores per pod the pods run with now.');
    this.predictedLoad = new Gauge({ name: `${p}_predicted_load_rps`, help: 'Forecast peak arrival rate for the next horizon.', registers });
    this.observedLoad = new Gauge({ name: `${p}_observed_load_rps`, help: 'Mean arrival rate over the last 10 s of the observation.', registers });
    this.decisionValues = new Gauge({
      name: `${p}_decision_value`,
      help: 'Numbers the last applied decision was explained with (its details: objective, expected accuracy, solve time…).',
      labelNames: ['name'],
      registers,
    });
  }

  /** Records one ControllerLoop tick; `durationSeconds` is measured by the caller's clock. */
  recordTick(record: DecisionRecord, durationSeconds: number): void {
    const { decision } = record;
    this.decisions.inc({ kind: decision.kind });
    this.duration.observe(durationSeconds);
    if (record.forecast) this.predictedLoad.set(record.forecast.peakRps);
    if (record.observedRps !== undefined) this.observedLoad.set(record.observedRps);
    if (decision.kind === 'hold') {
      // A quiet hold is the scaler's routine wait between decisions (IPA's upscale checks).
      const reasonClass = decision.quiet ? 'waiting' : holdReasonClass(decision.reason);
      this.holds.inc({ reason_class: reasonClass });
      if (ERROR_CLASSES.has(reasonClass)) this.errors.inc();
      return;
    }
    // Deployments the decision drops must disappear from the desired series, not linger.
    this.desiredReplicas.reset();
    this.desiredCores.reset();
    for (const d of decision.desired.deployments) {
      this.desiredReplicas.set({ deployment: d.name }, d.replicas);
      this.desiredCores.set({ deployment: d.name }, d.cores);
    }
    this.decisionValues.reset();
    for (const [name, value] of Object.entries(decision.details ?? {})) {
      if (typeof value === 'number' && Number.isFinite(value)) this.decisionValues.set({ name }, value);
    }
  }

  /** A tick that threw outside the loop's own handling (the loop itself never throws). */
  recordError(): void {
    this.errors.inc();
  }

  observeCluster(cluster: ClusterState): void {
    for (const g of [this.currentReplicas, this.currentReadyReplicas, this.currentCores]) g.reset();
    for (const d of cluster.deployments) {
      this.currentReplicas.set({ deployment: d.name }, d.replicas);
      this.currentReadyReplicas.set({ deployment: d.name }, d.readyReplicas);
      this.currentCores.set({ deployment: d.name }, d.actualCores);
    }
  }
}
