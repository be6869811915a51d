import type { ClusterState, DecisionRecord, Scaler } from '@infscale/core';
import type { InfAdapterProfiles } from '@infscale/profiles';
import { infAdapterVariantsFromProfiles, type InfAdapterConfig, type InfAdapterVariantConfig } from '@infscale/scalers';
import { infAdapterScenario, isAnswered, runSimulation, type IntervalRow, type SimSummary } from '@infscale/sim';
import type { InfAdapterSystem } from './systems';

/** What one system did, reduced to what the table and the charts need. */
export interface SystemRun {
  name: string;
  summary: SimSummary;
  series: IntervalRow[];
  /** [seconds, req/s] provisioned at each decision tick (profiled capacity at the SLO of what ran). */
  capacity: [number, number][];
  /** Sampled latencies (ms) of answered requests, for the CDF. */
  latencySampleMs: number[];
  /** Mean per decision period of β's term: max load time of the variants a plan (re)started / the largest. */
  meanLoadingTerm: number;
  /** The scaler's reasons for its applied decisions, oldest first (capped). */
  reasons: string[];
  lastActuatorError?: string;
}

export interface RunContext {
  profiles: InfAdapterProfiles;
  config: InfAdapterConfig;
  arrivals: ArrayLike<number>;
  seed: number;
  /** Length of a time-series row (s). */
  intervalS: number;
  /** Keep a sample of latencies for the CDF (default true; the sweep's runs are not charted). */
  sampleLatencies?: boolean;
  onProgress?: (doneS: number) => void;
}

const MAX_LATENCY_SAMPLES = 20_000;
const MAX_REASONS = 60;

/** Capacity (req/s) a running cluster provides by the profiled table at the SLO. */
function provisioned(table: readonly InfAdapterVariantConfig[], cluster: ClusterState): number {
  let total = 0;
  for (const d of cluster.deployments) {
    const v = table.find((x) => x.name === d.variant);
    const cores = Math.floor(d.actualCores);
    if (!v || cores < 1) continue;
    total += d.readyReplicas * (v.capacityRps[Math.min(cores, v.capacityRps.length) - 1] ?? 0);
  }
  return total;
}

/** The scaler unchanged, but every tick's cluster is noted (what ran, for the capacity chart). */
function observed<S>(scaler: Scaler<S>, onCluster: (nowMs: number, c: ClusterState) => void): Scaler<S> {
  return {
    ...scaler,
    observationRequest: (nowMs, cluster) => scaler.observationRequest(nowMs, cluster),
    initialState: () => scaler.initialState(),
    decide: (input, state) => {
      onCluster(input.nowMs, input.cluster);
      return scaler.decide(input, state);
    },
  };
}

/** Runs one system on the window's arrivals (same seed for all) and collects its outcome. */
export async function runSystem(system: InfAdapterSystem, ctx: RunContext): Promise<SystemRun> {
  const table = infAdapterVariantsFromProfiles(ctx.profiles, { capacity: 'table', sloMs: ctx.config.slo.latencyMs });
  const loadTimes = new Map(ctx.config.variants.map((v) => [v.name, v.loadTimeS]));
  const maxLoadTime = Math.max(...loadTimes.values());
  let total = 0;
  for (let i = 0; i < ctx.arrivals.length; i++) total += ctx.arrivals[i]!;
  const every = Math.max(1, Math.ceil(total / MAX_LATENCY_SAMPLES));
  const latencySampleMs: number[] = [];
  let seen = 0;
  const capacity: [number, number][] = [];
  const reasons: string[] = [];
  let loading = 0;

  const config = infAdapterScenario({ profiles: ctx.profiles, arrivals: ctx.arrivals, start: system.start, seed: ctx.seed, intervalS: ctx.intervalS });
  if (ctx.sampleLatencies !== false) {
    config.onRequest = (r) => {
      if (isAnswered(r.outcome) && seen++ % every === 0) latencySampleMs.push(r.endMs - r.arrivalMs);
    };
  }
  const onDecision = (record: DecisionRecord): void => {
    if (!record.plan) return;
    if (reasons.length < MAX_REASONS) reasons.push(`${(record.nowMs / 1000).toFixed(0)} s: ${record.decision.kind === 'apply' ? record.decision.reason : ''}`);
    let started = 0;
    for (const a of record.plan.actions) {
      const variant = a.type === 'create' ? a.spec.variant : a.type === 'resize' ? a.name : undefined;
      if (variant !== undefined) started = Math.max(started, loadTimes.get(variant) ?? 0);
    }
    loading += maxLoadTime > 0 ? started / maxLoadTime : 0;
  };
  const result = await runSimulation({
    config,
    scaler: observed(system.scaler, (nowMs, c) => capacity.push([nowMs / 1000, provisioned(table, c)])),
    forecaster: system.forecaster,
    actuator: system.actuator,
    onDecision,
    onProgress: (doneMs) => ctx.onProgress?.(doneMs / 1000),
  });
  const periods = Math.max(1, result.summary.durationS / (ctx.config.interval / 1000));
  return {
    name: system.name,
    summary: result.summary,
    series: result.series,
    capacity,
    latencySampleMs,
    meanLoadingTerm: loading / periods,
    reasons,
    ...(result.lastActuatorError ? { lastActuatorError: result.lastActuatorError } : {}),
  };
}

/**
 * The paper's objective evaluated on what ran: load-weighted accuracy served − α·mean cores / budget −
 * β·mean loading term per decision period.
 */
export function objectiveOf(run: SystemRun, config: InfAdapterConfig): number {
  const { alpha, beta } = config.objective;
  return run.summary.accuracy - (alpha * run.summary.meanCores) / config.budget.cores - beta * run.meanLoadingTerm;
}
