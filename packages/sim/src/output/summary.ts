import type { Simulation } from '../engine/simulation';
import type { SimSummary } from './types';

/**
 * The run's totals. Requests still in flight after the drain are older than the drain: timed out when
 * the client's timeout is no longer than it, else dropped.
 */
export function summarize(sim: Simulation, coreMs: number, unfinished: number, drainMs: number): SimSummary {
  const r = sim.recorder;
  const durationS = sim.durationMs / 1000;
  const timeout = sim.config.serving?.clientTimeoutMs;
  const gaveUp = timeout !== undefined && timeout <= drainMs;
  const dropped = r.dropped + (gaveUp ? 0 : unfinished);
  const timedOut = r.timedOut + (gaveUp ? unfinished : 0);
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
    rejected: r.rejected,
    timedOut,
    sloViolationRate: r.arrived > 0 ? (r.late + dropped + r.rejected + timedOut) / r.arrived : 0,
    latencyMs: { p50: h.quantile(0.5), p95: h.quantile(0.95), p99: h.quantile(0.99), mean: h.meanMs, max: h.maxMs },
    coreSeconds: coreMs / 1000,
    meanCores: durationS > 0 ? coreMs / 1000 / durationS : 0,
    accuracy: r.accuracy(),
    accuracyByStage,
    decisions: r.decisions,
    holds: r.holds,
  };
}
