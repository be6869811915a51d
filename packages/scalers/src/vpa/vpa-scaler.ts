import { parseConfig, type DeploymentSpec, type ResizeMode, type Scaler } from '@infscale/core';
import { desiredFromCluster, targetsIn } from '../static/desired';
import { DecayingHistogram } from './decaying-histogram';
import { CPU_HISTOGRAM_OPTIONS, MIN_SAMPLE_WEIGHT } from './histogram-options';
import { recommendCpu, type CpuAggregate, type CpuRecommendation } from './recommender';
import { shouldUpdate } from './updater';
import { vpaConfigSchema, type VpaConfig } from './vpa-config';

export interface VpaDeploymentState {
  cpu?: CpuAggregate;
  /** When its pods last got new requests (pod age proxy for the 12 h rule). */
  podsSinceMs: number;
  recommendation?: CpuRecommendation;
}

export type VpaState = Record<string, VpaDeploymentState>;

/** The policy caps and the integer rounding applied to a recommendation (ApplyVPAPolicy + ours). */
function capped(rec: CpuRecommendation, c: VpaConfig): CpuRecommendation {
  const cap = (v: number): number => Math.min(c.maxCores ?? Infinity, Math.max(c.minCores ?? 0, v));
  const target = cap(rec.target);
  return { target: c.integerCores ? Math.ceil(target - 1e-9) : target, lowerBound: cap(rec.lowerBound), upperBound: cap(rec.upperBound) };
}

/**
 * The Kubernetes VPA (recommender + updater) as a Scaler. Each interval (1 min) it adds one CPU sample
 * per ready pod — the mean cores used per pod, weighted by max(request, 0.1) as VPA does — then derives
 * target / bounds and lets the updater rule decide. The actuator enforces the eviction tolerance.
 */
export function createVpaScaler(input: unknown = {}): Scaler<VpaState> {
  const config = parseConfig(vpaConfigSchema, input, 'vpa scaler config');
  const resize: ResizeMode = config.mode === 'InPlaceOrRecreate' ? 'in-place-or-restart' : 'restart';
  return {
    name: 'vpa',
    intervalMs: config.intervalMs,
    observationRequest: (nowMs, cluster) => ({ nowMs, historySeconds: 60, deployments: targetsIn(cluster.deployments, config.targets).map((d) => d.name) }),
    initialState: () => ({}),
    decide: ({ nowMs, observation, cluster }, state) => {
      const next: VpaState = { ...state };
      const changes = new Map<string, number>();
      const notes: string[] = [];
      for (const d of targetsIn(cluster.deployments, config.targets)) {
        const prev = next[d.name] ?? { podsSinceMs: nowMs };
        let cpu = prev.cpu;
        const usage = observation.deployments?.find((u) => u.name === d.name);
        const pods = usage?.readyReplicas ?? d.readyReplicas;
        if (usage?.cpuCoresPerPod !== undefined && pods > 0) {
          let histogram = cpu?.histogram ?? DecayingHistogram.empty(CPU_HISTOGRAM_OPTIONS, config.halfLifeMs);
          const weight = Math.max(d.cores, MIN_SAMPLE_WEIGHT);
          for (let i = 0; i < pods; i++) histogram = histogram.addSample(usage.cpuCoresPerPod, weight, nowMs);
          cpu = { histogram, firstSampleMs: cpu?.firstSampleMs ?? nowMs, lastSampleMs: nowMs, totalSamples: (cpu?.totalSamples ?? 0) + pods };
        }
        if (!cpu || cpu.histogram.isEmpty()) {
          next[d.name] = { ...prev, cpu };
          notes.push(`${d.name}: no CPU samples yet`);
          continue;
        }
        const rec = capped(recommendCpu(cpu, config), config);
        next[d.name] = { cpu, podsSinceMs: prev.podsSinceMs, recommendation: rec };
        if (config.mode === 'Off') {
          if (config.applyOffTarget && rec.target !== d.cores) changes.set(d.name, rec.target);
          notes.push(`${d.name}: target ${rec.target} [${rec.lowerBound}, ${rec.upperBound}]`);
          continue;
        }
        const verdict = shouldUpdate(d.cores, rec, nowMs - prev.podsSinceMs, d.replicas, { updateThreshold: config.updateThreshold, podLifetimeThresholdMs: config.podLifetimeThresholdMs, minReplicas: config.minReplicas });
        notes.push(`${d.name}: ${verdict.why}`);
        if (verdict.update && rec.target !== d.cores) changes.set(d.name, rec.target);
      }
      if (changes.size === 0) return { state: next, decision: { kind: 'hold', reason: notes.join('; ') || 'no target deployments' } };
      for (const name of changes.keys()) next[name] = { ...next[name], podsSinceMs: nowMs };
      const desired = desiredFromCluster(cluster, (d: DeploymentSpec) => (changes.has(d.name) ? { ...d, cores: changes.get(d.name) as number } : d));
      return {
        state: next,
        decision: {
          kind: 'apply',
          desired,
          resize,
          reason: `vpa ${config.mode}: ${[...changes].map(([n, c]) => `${n} → ${c} cores`).join(', ')} (${notes.join('; ')})`,
          details: Object.fromEntries([...changes].map(([n, c]) => [`${n}.targetCores`, c])),
        },
      };
    },
  };
}
