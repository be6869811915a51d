import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ServingQueue } from './serving-queue';

/** Latency buckets (s) from 5 ms to 10 s: the papers' SLOs are 0.5–12 s. */
const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2.5, 5, 10];

/**
 * The usual model-server metrics, under the names the default PromQL catalogue of @infscale/metrics
 * reads: infscale_model_requests_total, infscale_model_request_duration_seconds,
 * infscale_model_in_flight_requests; plus the queue and the current configuration.
 */
export class EmulatorMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'variant'>;
  readonly duration: Histogram<'variant'>;
  readonly batchSize: Histogram<'variant'>;
  /** Requests turned away by a limit, as the data plane's infscale_proxy_rejected_total counts its own. */
  readonly rejected: Counter<'variant' | 'reason'>;

  constructor(variant: string, queue: ServingQueue) {
    const registers = [this.registry];
    const labels = { variant };
    const live = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['variant'] as const,
        registers,
        collect() {
          this.set(labels, read());
        },
      });
    this.requests = new Counter({ name: 'infscale_model_requests_total', help: 'Inference requests that arrived.', labelNames: ['variant'], registers });
    this.duration = new Histogram({
      name: 'infscale_model_request_duration_seconds',
      help: 'Time from arrival to answer, queueing included.',
      labelNames: ['variant'],
      buckets: LATENCY_BUCKETS_S,
      registers,
    });
    this.batchSize = new Histogram({
      name: 'infscale_model_batch_size',
      help: 'Requests per served batch.',
      labelNames: ['variant'],
      buckets: [1, 2, 4, 8, 16, 32],
      registers,
    });
    this.rejected = new Counter({
      name: 'infscale_model_rejected_total',
      help: 'Requests turned away by a limit, never queued: queue-full (503, --max-queue), body-too-large (413, --max-body-bytes)',
      labelNames: ['variant', 'reason'],
      registers,
    });
    this.requests.inc(labels, 0);
    live('infscale_model_in_flight_requests', 'Requests queued or being served.', () => queue.inFlight);
    live('infscale_model_queue_length', 'Requests waiting for a worker.', () => queue.queued);
    live('infscale_model_cores', 'CPU cores the server runs with.', () => queue.config.cores);
    live('infscale_model_batch_setting', 'Largest batch the server forms.', () => queue.config.batch);
  }
}
