import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { WeightedDispatcher } from '../policy/weighted-dispatcher';

/** Latency buckets (s) fine enough to see a proxy's sub-millisecond overhead and a model's seconds. */
export const LATENCY_BUCKETS_S = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2.5, 5, 10];

export class DispatcherMetrics {
  readonly requests: Counter<'variant' | 'code'>;
  readonly duration: Histogram<'variant'>;
  readonly unavailable: Counter;
  readonly upstreamErrors: Counter<'variant'>;
  /** Label children per variant (and code), made once: labels() hashes and allocates on every call. */
  private readonly children = new Map<string, { duration: { observe(seconds: number): void }; byCode: Map<string, { inc(): void }> }>();

  constructor(registry: Registry, dispatcher: WeightedDispatcher) {
    this.requests = new Counter({
      name: 'infscale_dispatcher_requests_total',
      help: 'Requests forwarded, by variant and HTTP status code',
      labelNames: ['variant', 'code'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'infscale_dispatcher_request_duration_seconds',
      help: 'Time from receiving a request to the end of its response, by variant',
      labelNames: ['variant'],
      buckets: LATENCY_BUCKETS_S,
      registers: [registry],
    });
    this.unavailable = new Counter({
      name: 'infscale_dispatcher_unavailable_total',
      help: 'Requests answered 503 because no variant had a quota',
      registers: [registry],
    });
    this.upstreamErrors = new Counter({
      name: 'infscale_dispatcher_upstream_errors_total',
      help: 'Requests whose variant could not be reached or broke off, by variant',
      labelNames: ['variant'],
      registers: [registry],
    });
    new Gauge({
      name: 'infscale_dispatcher_quota',
      help: 'Current quota (requests per frame) of each variant',
      labelNames: ['variant'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [variant, quota] of Object.entries(dispatcher.quotas())) this.set({ variant }, quota);
      },
    });
    new Gauge({
      name: 'infscale_dispatcher_in_flight',
      help: 'Requests forwarded and not yet answered, all variants',
      registers: [registry],
      collect() {
        this.set(dispatcher.totalInFlight());
      },
    });
  }

  /** One answered (or failed) request: its count by code and its latency. */
  finished(variant: string, code: string, seconds: number): void {
    let forVariant = this.children.get(variant);
    if (!forVariant) {
      forVariant = { duration: this.duration.labels(variant), byCode: new Map() };
      this.children.set(variant, forVariant);
    }
    let counter = forVariant.byCode.get(code);
    if (!counter) {
      counter = this.requests.labels(variant, code);
      forVariant.byCode.set(code, counter);
    }
    counter.inc();
    forVariant.duration.observe(seconds);
  }
}
