import { parseConfig, type Scaler } from '@infscale/core';
import { desiredFromCluster, targetsIn } from '../static/desired';
import { hpaConfigSchema } from './hpa-config';
import { recommendReplicas } from './replica-calculator';
import { limitReplicas, stabilize, type TimedRecommendation } from './stabilization';

export type HpaState = Record<string, TimedRecommendation[]>;

/**
 * The Kubernetes HPA (autoscaling/v2 with no behavior field: the legacy rules) as a Scaler: every 15 s,
 * per owned deployment, the replica calculator on CPU utilization (or req/s per pod), then 5-minute
 * downscale stabilization, then the scale-up limit and min/max.
 */
export function createHpaScaler(input: unknown = {}): Scaler<HpaState> {
  const c = parseConfig(hpaConfigSchema, input, 'hpa scaler config');
  return {
    name: 'hpa',
    intervalMs: c.interval,
    observationRequest: (nowMs, cluster) => ({ nowMs, historySeconds: 15, deployments: targetsIn(cluster.deployments, c.targets).map((d) => d.name) }),
    initialState: () => ({}),
    decide: ({ nowMs, observation, cluster }, state) => {
      const next: HpaState = { ...state };
      const changes = new Map<string, number>();
      const notes: string[] = [];
      for (const d of targetsIn(cluster.deployments, c.targets)) {
        const usage = observation.deployments?.find((u) => u.name === d.name);
        const ready = usage?.readyReplicas ?? d.readyReplicas;
        let perPod: number | undefined;
        if (c.metric === 'cpu') perPod = usage?.cpuCoresPerPod === undefined ? undefined : usage.cpuCoresPerPod / d.cores;
        else perPod = usage?.arrivalRps === undefined || ready === 0 ? undefined : usage.arrivalRps / ready;
        const rec = recommendReplicas(
          { currentReplicas: d.replicas, readyPods: ready, unreadyPods: Math.max(0, d.replicas - ready), perPodValue: perPod },
          c.target,
          c.tolerance,
        );
        if (!rec.ok) {
          notes.push(`${d.name}: ${rec.why}`);
          continue;
        }
        const stable = stabilize(next[d.name] ?? [], nowMs, rec.replicas, c.downscaleStabilization);
        next[d.name] = stable.history;
        const limited = limitReplicas(d.replicas, stable.replicas, c.minReplicas, c.maxReplicas, c.scaleUpLimitFactor, c.scaleUpLimitMinimum);
        notes.push(
          `${d.name}: ${rec.why} → ${rec.replicas}${stable.replicas !== rec.replicas ? `, stabilized ${stable.replicas}` : ''}${limited.limited ? `, ${limited.limited}` : ''}`,
        );
        if (limited.replicas !== d.replicas) changes.set(d.name, limited.replicas);
      }
      if (changes.size === 0) return { state: next, decision: { kind: 'hold', reason: notes.join('; ') || 'no target deployments' } };
      return {
        state: next,
        decision: {
          kind: 'apply',
          desired: desiredFromCluster(cluster, (d) => (changes.has(d.name) ? { ...d, replicas: changes.get(d.name) as number } : d)),
          resize: 'restart',
          reason: `hpa: ${[...changes].map(([n, r]) => `${n} → ${r} replicas`).join(', ')} (${notes.join('; ')})`,
          details: Object.fromEntries([...changes].map(([n, r]) => [`${n}.replicas`, r])),
        },
      };
    },
  };
}
