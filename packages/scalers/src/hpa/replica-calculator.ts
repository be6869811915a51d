/** What the HPA knows of one deployment at a sync. */
export interface HpaSample {
  /** Replicas of the scale subresource now. */
  currentReplicas: number;
  /** Ready pods with a metric. */
  readyPods: number;
  /** Pods not ready yet (pending, loading): they have no usable metric. */
  unreadyPods: number;
  /** Average metric value per ready pod (cpu: utilization of request; rps: req/s per pod); undefined = missing. */
  perPodValue?: number;
}

export type Recommendation = { ok: true; replicas: number; why: string } | { ok: false; why: string };

/**
 * The replica calculator of kube-controller-manager (podautoscaler/replica_calculator.go) for one
 * average-value metric. ratio = value / target. Within tolerance: stay. Unready pods count as using
 * nothing, and only when scaling up (so a starting pod does not trigger more scale-up). The result is
 * ceil(ratio × readyPods), or, after the rebalancing, ceil(newRatio × all pods) unless the new ratio is
 * within tolerance or flips the direction. No metric at all: no recommendation (HPA keeps the scale).
 */
export function recommendReplicas(s: HpaSample, target: number, tolerance: number): Recommendation {
  if (s.currentReplicas === 0) return { ok: false, why: 'scaled to zero: HPA does not act' };
  if (s.perPodValue === undefined || s.readyPods === 0) return { ok: false, why: 'missing metrics for every pod' };
  const ratio = s.perPodValue / target;
  const rebalance = s.unreadyPods > 0 && ratio > 1;
  if (!rebalance) {
    if (Math.abs(ratio - 1) <= tolerance) return { ok: true, replicas: s.currentReplicas, why: `ratio ${ratio.toFixed(3)} within tolerance` };
    return { ok: true, replicas: Math.ceil(ratio * s.readyPods), why: `ratio ${ratio.toFixed(3)} × ${s.readyPods} ready pods` };
  }
  const all = s.readyPods + s.unreadyPods;
  const newRatio = (s.perPodValue * s.readyPods) / (target * all);
  if (Math.abs(newRatio - 1) <= tolerance || newRatio < 1) {
    return { ok: true, replicas: s.currentReplicas, why: `ratio ${newRatio.toFixed(3)} with ${s.unreadyPods} unready pods at 0 does not call for a scale-up` };
  }
  return { ok: true, replicas: Math.ceil(newRatio * all), why: `ratio ${newRatio.toFixed(3)} × ${all} pods (${s.unreadyPods} unready counted at 0)` };
}
