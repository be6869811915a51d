import { parseConfig, type DeploymentSpec, type DeploymentStatus, type DeploymentUsage, type Observation, type ResizeMode, type Scaler } from '@infscale/core';
import { desiredFromCluster, targetsIn } from '../static/desired';
import { DecayingHistogram } from './decaying-histogram';
import { CPU_HISTOGRAM_OPTIONS, MIN_SAMPLE_WEIGHT } from './histogram-options';
import { offAdapterStep } from './off-adapter';
import { recommendCpu, type CpuAggregate, type CpuRecommendation } from './recommender';
import { shouldUpdate } from './updater';
import { vpaConfigSchema, type VpaConfig } from './vpa-config';

export interface VpaDeploymentState {
  cpu?: CpuAggregate;
  /** When its pods last got new requests (pod age proxy for the 12 h rule). */
  podsSinceMs: number;
  recommendation?: CpuRecommendation;
  /** Off mode with the target applied: when the recommender last ran, and the adapter's count of lower reads. */
  recommendedAtMs?: number;
  lowerReads?: number;
}

export type VpaState = Record<string, VpaDeploymentState>;

/** The policy caps and the integer rounding applied to a recommendation (ApplyVPAPolicy + ours). */
function capped(rec: CpuRecommendation, c: VpaConfig): CpuRecommendation {
  const cap = (v: number): number => Math.min(c.maxCores ?? Infinity, Math.max(c.minCores ?? 0, v));
  const target = cap(rec.target);
  return { target: c.integerCores ? Math.ceil(target - 1e-9) : target, lowerBound: cap(rec.lowerBound), upperBound: cap(rec.upperBound) };
}

/**
 * One recommender pass over a deployment: one CPU sample per ready pod — the mean cores used per pod,
 * weighted by max(request, 0.1) as VPA does — then the capped target and bounds (none without samples).
 */
function recommend(d: DeploymentStatus, usage: DeploymentUsage | undefined, prev: VpaDeploymentState, nowMs: number, config: VpaConfig): VpaDeploymentState {
  let cpu = prev.cpu;
  const pods = usage?.readyReplicas ?? d.readyReplicas;
  if (usage?.cpuCoresPerPod !== undefined && pods > 0) {
    let histogram = cpu?.histogram ?? DecayingHistogram.empty(CPU_HISTOGRAM_OPTIONS, config.halfLifeMs);
    const weight = Math.max(d.cores, MIN_SAMPLE_WEIGHT);
    for (let i = 0; i < pods; i++) histogram = histogram.addSample(usage.cpuCoresPerPod, weight, nowMs);
    cpu = { histogram, firstSampleMs: cpu?.firstSampleMs ?? nowMs, lastSampleMs: nowMs, totalSamples: (cpu?.totalSamples ?? 0) + pods };
  }
  const { recommendation: _old, ...rest } = prev;
  if (!cpu || cpu.histogram.isEmpty()) return { ...rest, cpu };
  return { ...rest, cpu, recommendation: capped(recommendCpu(cpu, config), config) };
}

const usageOf = (observation: Observation, name: string): DeploymentUsage | undefined => observation.deployments?.find((u) => u.name === name);

/** One deployment's turn in a decision: its next state, the cores to apply (if any) and why. */
type DeploymentStep = (
  d: DeploymentStatus,
  prev: VpaDeploymentState,
  usage: DeploymentUsage | undefined,
  nowMs: number,
) => { state: VpaDeploymentState; cores?: number; note: string };

/** A VPA object over every target deployment: each takes its step, and the changes become one decision. */
function vpaScaler(
  config: VpaConfig,
  timing: Pick<Scaler<VpaState>, 'intervalMs' | 'firstDecisionAfterMs'>,
  resize: ResizeMode,
  label: string,
  step: DeploymentStep,
): Scaler<VpaState> {
  return {
    name: 'vpa',
    ...timing,
    observationRequest: (nowMs, cluster) => ({ nowMs, historySeconds: 60, deployments: targetsIn(cluster.deployments, config.targets).map((d) => d.name) }),
    initialState: () => ({}),
    decide: ({ nowMs, observation, cluster }, state) => {
      const next: VpaState = { ...state };
      const changes = new Map<string, number>();
      const notes: string[] = [];
      for (const d of targetsIn(cluster.deployments, config.targets)) {
        const out = step(d, next[d.name] ?? { podsSinceMs: nowMs }, usageOf(observation, d.name), nowMs);
        next[d.name] = out.state;
        notes.push(out.note);
        if (out.cores !== undefined) changes.set(d.name, out.cores);
      }
      if (changes.size === 0) return { state: next, decision: { kind: 'hold', reason: notes.join('; ') || 'no target deployments' } };
      const desired = desiredFromCluster(cluster, (d: DeploymentSpec) => (changes.has(d.name) ? { ...d, cores: changes.get(d.name) as number } : d));
      return {
        state: next,
        decision: {
          kind: 'apply',
          desired,
          resize,
          reason: `vpa ${label}: ${[...changes].map(([n, c]) => `${n} → ${c} cores`).join(', ')} (${notes.join('; ')})`,
          details: Object.fromEntries([...changes].map(([n, c]) => [`${n}.targetCores`, c])),
        },
      };
    },
  };
}

/**
 * Off mode with the target applied as the InfAdapter paper's adapter did (config.offAdapter): the
 * loop ticks every read period; the recommender samples once the VPA object exists, every
 * interval; from the first read the adapter rule decides, and a change rolls out as a Deployment
 * update (request = limit). The first tick's read opens the usage window of the first sample.
 */
function createOffAppliedScaler(config: VpaConfig): Scaler<VpaState> {
  const a = config.offAdapter;
  return vpaScaler(config, { intervalMs: a.readEveryMs, firstDecisionAfterMs: a.readEveryMs }, 'restart', 'Off, target applied', (d, prev, usage, nowMs) => {
    let cur = prev;
    const due = nowMs >= a.vpaCreatedAfterMs && (cur.recommendedAtMs === undefined || nowMs - cur.recommendedAtMs >= config.interval);
    if (due) cur = { ...recommend(d, usage, cur, nowMs, config), recommendedAtMs: nowMs };
    if (nowMs < a.firstReadAfterMs) return { state: cur, note: `${d.name}: ${nowMs < a.vpaCreatedAfterMs ? 'no VPA object yet' : 'adapter not reading yet'}` };
    const target = cur.recommendation?.target;
    const step = offAdapterStep(d.cores, target, cur.lowerReads ?? 0, a.downscaleAfterReads);
    const held = step.apply === undefined ? `, held (${step.lowerReads} of ${a.downscaleAfterReads} lower reads)` : '';
    return {
      state: { ...cur, lowerReads: step.lowerReads },
      ...(step.apply !== undefined ? { cores: step.apply } : {}),
      note: `${d.name}: target ${target ?? 'none'}${held}`,
    };
  });
}

/**
 * The Kubernetes VPA (recommender + updater) as a Scaler. Each interval (1 min) it adds one CPU sample
 * per ready pod and lets the updater rule decide; the actuator enforces the eviction tolerance. Off
 * mode only reports, unless applyOffTarget puts the InfAdapter paper's adapter on top of it.
 */
export function createVpaScaler(input: unknown = {}): Scaler<VpaState> {
  const config = parseConfig(vpaConfigSchema, input, 'vpa scaler config');
  if (config.mode === 'Off' && config.applyOffTarget) return createOffAppliedScaler(config);
  const resize: ResizeMode = config.mode === 'InPlaceOrRecreate' ? 'in-place-or-restart' : 'restart';
  return vpaScaler(config, { intervalMs: config.interval }, resize, config.mode, (d, prev, usage, nowMs) => {
    const cur = recommend(d, usage, prev, nowMs, config);
    const rec = cur.recommendation;
    if (!rec) return { state: cur, note: `${d.name}: no CPU samples yet` };
    if (config.mode === 'Off') return { state: cur, note: `${d.name}: target ${rec.target} [${rec.lowerBound}, ${rec.upperBound}]` };
    const verdict = shouldUpdate(d.cores, rec, nowMs - prev.podsSinceMs, d.replicas, {
      updateThreshold: config.updateThreshold,
      podLifetimeThresholdMs: config.podLifetimeThresholdMs,
      minReplicas: config.minReplicas,
    });
    const note = `${d.name}: ${verdict.why}`;
    // Its pods restart with the new cores: the young-pod clock starts again.
    if (verdict.update && rec.target !== d.cores) return { state: { ...cur, podsSinceMs: nowMs }, cores: rec.target, note };
    return { state: cur, note };
  });
}
