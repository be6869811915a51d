import type { MetricsSource, ObservationRequest, ObservationResult } from '@infscale/core';
import type { PrometheusSource } from '@infscale/metrics';

/**
 * The e2e scaler's MetricsSource: PrometheusSource, bound late. The scaler process must serve /metrics
 * before Prometheus starts (the harness waits for every scrape target), so until `bind()` the source
 * answers "no data" (a safe hold).
 */
export class LateBoundSource implements MetricsSource {
  private source: PrometheusSource | undefined;

  bind(source: PrometheusSource): void {
    this.source = source;
  }

  async observe(request: ObservationRequest): Promise<ObservationResult> {
    if (!this.source) return { kind: 'no-data', reason: 'prometheus not started yet' };
    return this.source.observe(request);
  }
}
