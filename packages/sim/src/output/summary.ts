import type { Simulation } from '../engine/simulation';
import type { SimSummary } from './types';

/** The run's totals; requests still in flight after the drain count as dropped. */
export function summarize(sim: Simulation, coreMs: number, unfinished: number): SimSummary {
  const r = sim.recorder;
  const durationS = sim.durationMs / 1000;
  const dropped = r.dropped + unfinished;
  const h = r.latency;
  const accuracyByStage: Record<string, number> = {};
  sim.hosts.forEach((host, i) => (accuracyByStage[host.stage] = r.stageAccuracy(i)));
  return {
    durationS,
    arrived: r.arrived,
    completed: r.completed,
    onTime: r.onTime,
    late: r.late,
    dropped,
    sloViolationRate: r.arrived > 0 ? (r.late + dropped) / r.arrived : 0,
    latencyMs: { p50: h.quantile(0.5), p95: h.quantile(0.95), p99: h.quantile(0.99), mean: h.meanMs, max: h.maxMs },
    coreSeconds: coreMs / 1000,
    meanCores: durationS > 0 ? coreMs / 1000 / durationS : 0,
    accuracy: r.accuracy(),
    accuracyByStage,
    decisions: r.decisions,
    holds: r.holds,
  };
}
