import type { DeploymentUsage, MetricsSource, Observation, ObservationRequest, ObservationResult } from '@infscale/core';
import type { Simulation } from '../engine/simulation';

/** Most budgets returned for recentArrivalBudgetsMs (the rest are summarized by these). */
const MAX_BUDGETS = 10_000;

interface UsageMark {
  atMs: number;
  busyCoreMs: number;
  runningPodMs: number;
  dispatched: number;
}

/**
 * The MetricsSource of the simulator: answers from what the run has recorded so far, as Prometheus
 * would answer from scraped counters. Usage is the delta since this source last read the deployment
 * (a rate over the scaler's own interval).
 */
export class SimMetricsSource implements MetricsSource {
  private readonly marks = new Map<string, UsageMark>();

  constructor(private readonly sim: Simulation) {}

  async observe(request: ObservationRequest): Promise<ObservationResult> {
    return this.observeNow(request);
  }

  observeNow(request: ObservationRequest): ObservationResult {
    const nowMs = this.sim.now();
    const second = Math.floor(nowMs / 1000);
    if (second < 1) return { kind: 'no-data', reason: 'no whole second recorded yet' };
    const counts = this.sim.recorder.arrivalsPerSecond;
    const from = Math.max(0, second - request.historySeconds);
    const arrivalsPerSecond = Array.from(counts.subarray(from, Math.min(second, counts.length)));
    const observation: Observation = { nowMs, arrivalsPerSecond };

    if (request.wantLatency) {
      const w = this.sim.recorder.window;
      if (w.count > 0) observation.latencyMs = { p50: w.quantile(0.5), p95: w.quantile(0.95), p99: w.quantile(0.99) };
      w.reset();
    }
    if (request.deployments.length > 0) observation.deployments = request.deployments.map((name) => this.usage(name, nowMs));
    if (request.wantQueue) {
      observation.queuedBudgetsMs = this.queuedBudgets(nowMs);
      observation.recentArrivalBudgetsMs = this.recentBudgets(second, request.historySeconds);
    }
    if (request.wantQueueLength) {
      let queued = 0;
      for (const stage of request.wantQueueLength.stages) {
        const atStage = this.queuedAt(stage);
        if (atStage === undefined) return { kind: 'no-data', reason: `no stage "${stage}" in the simulation` };
        queued += atStage;
      }
      observation.queuedRequests = queued;
    }
    return { kind: 'ok', observation };
  }

  private usage(name: string, nowMs: number): DeploymentUsage {
    const dep = this.sim.cluster.deployments.get(name);
    if (!dep) return { name };
    dep.integrate(nowMs);
    const ready = dep.pods.filter((p) => p.phase === 'ready').length;
    const mark: UsageMark = { atMs: nowMs, busyCoreMs: dep.busyCoreMs, runningPodMs: dep.runningPodMs, dispatched: dep.dispatched };
    const last = this.marks.get(name);
    this.marks.set(name, mark);
    if (!last || mark.atMs <= last.atMs) return { name, readyReplicas: ready };
    const podMs = mark.runningPodMs - last.runningPodMs;
    const usage: DeploymentUsage = { name, readyReplicas: ready, arrivalRps: ((mark.dispatched - last.dispatched) * 1000) / (mark.atMs - last.atMs) };
    // No running pod during the whole interval: no sample, as metrics-server would have none.
    if (podMs > 0) usage.cpuCoresPerPod = (mark.busyCoreMs - last.busyCoreMs) / podMs;
    return usage;
  }

  /** Requests waiting at one stage: in its central queue, and in its pods' own queues (not yet served). */
  private queuedAt(stage: string): number | undefined {
    const index = this.sim.hosts.findIndex((h) => h.stage === stage);
    if (index < 0) return undefined;
    let queued = this.sim.hosts[index].policy.queued();
    for (const dep of this.sim.cluster.deployments.values()) {
      if (dep.stageIndex !== index) continue;
      for (const pod of dep.pods) queued += pod.queue.length;
    }
    return queued;
  }

  private queuedBudgets(nowMs: number): number[] {
    const out: number[] = [];
    const req = this.sim.requests;
    for (const host of this.sim.hosts) out.push(...(host.policy.queuedBudgetsMs?.(nowMs) ?? []));
    for (const dep of this.sim.cluster.deployments.values()) {
      for (const pod of dep.pods) {
        for (let i = 0; i < pod.queue.length; i++) out.push(req.deadlineMs[pod.queue.at(i)] - nowMs);
      }
    }
    return out.sort((a, b) => a - b);
  }

  /** Budget at arrival of the requests of the last `seconds` seconds (one value per request, capped). */
  private recentBudgets(second: number, seconds: number): number[] {
    const { sloMs, networkDelayMs } = this.sim.config;
    const counts = this.sim.recorder.arrivalsPerSecond;
    const out: number[] = [];
    for (let s = Math.max(0, second - Math.max(1, seconds)); s < second && s < counts.length; s++) {
      const budget = sloMs - (networkDelayMs && networkDelayMs.length > 0 ? networkDelayMs[s % networkDelayMs.length] : 0);
      for (let k = 0; k < counts[s] && out.length < MAX_BUDGETS; k++) out.push(budget);
    }
    return out;
  }
}
