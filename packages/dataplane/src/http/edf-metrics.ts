import { Counter, Histogram, type Registry } from 'prom-client';
import { collectedGauge } from './collected-gauge';
import { BATCH_SIZE_BUCKETS } from './stage-queue-metrics';
import { LATENCY_BUCKETS_S } from './dispatcher-metrics';

/** Remaining budgets (s) span the 4G trace's range: up to an SLO of a few seconds, and below 0. */
export const BUDGET_BUCKETS_S = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.5, 2, 5];

export class EdfMetrics {
  readonly budget: Histogram;
  readonly batchSize: Histogram;
  readonly latency: Histogram;
  readonly requests: Counter<'code'>;
  readonly late: Counter;
  readonly dropped: Counter;
  readonly missed: Counter;

  constructor(registry: Registry, state: () => { queued: number; late: number; batchSize: number }) {
    const registers = [registry];
    this.budget = new Histogram({
      name: 'infscale_edf_remaining_budget_seconds',
      help: 'Remaining latency budget of each request at arrival: SLO minus network delay',
      buckets: BUDGET_BUCKETS_S,
      registers,
    });
    this.batchSize = new Histogram({
      name: 'infscale_edf_batch_size',
      help: 'Requests per batch sent to the model server',
      buckets: BATCH_SIZE_BUCKETS,
      registers,
    });
    this.latency = new Histogram({ name: 'infscale_edf_request_duration_seconds', help: 'Time from arrival to answer', buckets: LATENCY_BUCKETS_S, registers });
    this.requests = new Counter({ name: 'infscale_edf_requests_total', help: 'Requests answered, by HTTP status code', labelNames: ['code'], registers });
    this.late = new Counter({
      name: 'infscale_edf_late_total',
      help: 'Requests that could not meet their deadline and were served late (policy serve-late)',
      registers,
    });
    this.dropped = new Counter({
      name: 'infscale_edf_dropped_total',
      help: 'Requests answered at once because they could not meet their deadline (policy drop)',
      registers,
    });
    this.missed = new Counter({ name: 'infscale_edf_deadline_missed_total', help: 'Requests answered after their deadline, whatever the reason', registers });
    collectedGauge(registry, 'infscale_edf_queue_length', 'On-time requests waiting in deadline order', () => state().queued);
    collectedGauge(registry, 'infscale_edf_late_queue_length', 'Late requests waiting behind the on-time ones', () => state().late);
    collectedGauge(registry, 'infscale_edf_batch_size_setting', 'Current max batch size', () => state().batchSize);
  }
}
