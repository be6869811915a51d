import { Counter, Histogram, type Registry } from 'prom-client';
import { collectedGauge } from './collected-gauge';
import { LATENCY_BUCKETS_S } from './dispatcher-metrics';

export const BATCH_SIZE_BUCKETS = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 24, 32, 64];

export class StageQueueMetrics {
  readonly batchSize: Histogram<'stage'>;
  readonly latency: Histogram<'stage'>;
  readonly requests: Counter<'stage' | 'code'>;
  readonly cancelled: Counter<'stage'>;
  readonly unreachable: Counter<'stage'>;

  constructor(registry: Registry, stage: string, state: () => { queued: number; inFlightBatches: number; maxBatchSize: number; maxInFlightPerUrl: number }) {
    this.batchSize = new Histogram({
      name: 'infscale_stage_batch_size',
      help: 'Requests per batch sent to a replica',
      labelNames: ['stage'],
      buckets: BATCH_SIZE_BUCKETS,
      registers: [registry],
    });
    this.latency = new Histogram({
      name: 'infscale_stage_latency_seconds',
      help: 'Time in this stage: queueing plus the batch on a replica',
      labelNames: ['stage'],
      buckets: LATENCY_BUCKETS_S,
      registers: [registry],
    });
    this.requests = new Counter({
      name: 'infscale_stage_requests_total',
      help: 'Requests answered by this stage, by HTTP status code',
      labelNames: ['stage', 'code'],
      registers: [registry],
    });
    this.unreachable = new Counter({
      name: 'infscale_stage_unreachable_total',
      help: "Queued requests answered 504 deadline-unreachable: their budget ended before the stage's least batch time",
      labelNames: ['stage'],
      registers: [registry],
    });
    // Exported at 0 from the start: a dashboard's rate of it has a series before the first shed request.
    this.unreachable.labels(stage).inc(0);
    this.cancelled = new Counter({
      name: 'infscale_stage_cancelled_total',
      help: 'Queued requests whose caller went away (e.g. the router dropped them) before their batch left',
      labelNames: ['stage'],
      registers: [registry],
    });
    collectedGauge(registry, 'infscale_stage_queue_length', 'Requests waiting in the stage queue', () => state().queued, { stage });
    // Named for what it counts when each replica takes one batch (maxInFlightPerUrl = replicas behind the URL).
    collectedGauge(
      registry,
      'infscale_stage_busy_replicas',
      'Batches in flight to the replicas now (busy replicas, one batch each)',
      () => state().inFlightBatches,
      { stage },
    );
    collectedGauge(registry, 'infscale_stage_max_batch_size', 'Current max batch size of the stage', () => state().maxBatchSize, { stage });
    collectedGauge(registry, 'infscale_stage_max_in_flight_per_url', 'Batches each upstream URL may have in flight at once', () => state().maxInFlightPerUrl, {
      stage,
    });
  }
}
