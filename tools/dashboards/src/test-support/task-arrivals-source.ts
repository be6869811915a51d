import type { MetricsSource, ObservationRequest, ObservationResult } from '@infscale/core';
import type { PrometheusSource } from '@infscale/metrics';

/**
 * The MetricsSource of the e2e scaler: PrometheusSource, with two adaptations.
 * - Late binding: the scaler process must serve /metrics before Prometheus starts (the harness waits
 *   for every scrape target), so until `bind()` the source answers "no data" (a safe hold).
 * - InfAdapter's observationRequest names no deployments (it only needs the task's load), and
 *   PrometheusSource answers "no deployment given" to that; here the load of the whole task is read
 *   as the arrival rate into all its variants' deployments (the catalogue's arrivalRate query).
 */
export class TaskArrivalsSource implements MetricsSource {
  private source: PrometheusSource | undefined;

  constructor(private readonly taskDeployments: readonly string[]) {}

  bind(source: PrometheusSource): void {
    this.source = source;
  }

  async observe(request: ObservationRequest): Promise<ObservationResult> {
    if (!this.source) return { kind: 'no-data', reason: 'prometheus not started yet' };
    if (request.deployments.length > 0) return this.source.observe(request);
    const history = await this.source.arrivalHistory(this.taskDeployments, request.nowMs, request.historySeconds);
    if (history.kind === 'no-data') return history;
    return { kind: 'ok', observation: { nowMs: request.nowMs, arrivalsPerSecond: history.value } };
  }
}
