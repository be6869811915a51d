import type { DeploymentUsage, Observation } from '../observation';

/**
 * A fluent Observation for tests: `observation(60_000).steady(40, 120).p99(300).build()` is what a
 * metrics source would report after two minutes at 40 req/s with a 300 ms p99.
 */
export class ObservationBuilder {
  private readonly obs: Observation;

  constructor(nowMs: number) {
    this.obs = { nowMs, arrivalsPerSecond: [] };
  }

  /** Per-second arrivals, oldest first, the last second ending now. */
  arrivals(perSecond: readonly number[]): this {
    this.obs.arrivalsPerSecond = [...perSecond];
    return this;
  }

  /** `seconds` of history at a constant rate. */
  steady(rps: number, seconds: number): this {
    return this.arrivals(Array.from({ length: seconds }, () => rps));
  }

  /** Appends seconds at another rate (a step in the load). */
  then(rps: number, seconds: number): this {
    this.obs.arrivalsPerSecond.push(...Array.from({ length: seconds }, () => rps));
    return this;
  }

  p99(ms: number): this {
    this.obs.latencyMs = { ...this.obs.latencyMs, p99: ms };
    return this;
  }

  usage(name: string, usage: Omit<DeploymentUsage, 'name'>): this {
    this.obs.deployments = [...(this.obs.deployments ?? []), { name, ...usage }];
    return this;
  }

  queue(queuedBudgetsMs: readonly number[], recentArrivalBudgetsMs: readonly number[] = []): this {
    this.obs.queuedBudgetsMs = [...queuedBudgetsMs];
    this.obs.recentArrivalBudgetsMs = [...recentArrivalBudgetsMs];
    return this;
  }

  queued(requests: number): this {
    this.obs.queuedRequests = requests;
    return this;
  }

  build(): Observation {
    return structuredClone(this.obs);
  }
}

export function observation(nowMs: number): ObservationBuilder {
  return new ObservationBuilder(nowMs);
}
