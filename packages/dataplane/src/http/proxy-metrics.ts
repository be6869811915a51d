import { Counter, type Registry } from 'prom-client';
import { collectedGauge } from './collected-gauge';
import type { UpstreamHealth } from './upstream-health';

/** Why a proxy turned a request away before it reached the policy. */
export type RejectReason = 'body-too-large' | 'bad-framing' | 'queue-full' | 'admin-unauthorized' | 'shutting-down';

/** What every proxy exports about its limits and its upstream, whatever its kind. */
export class ProxyMetrics {
  readonly rejected: Counter<'reason'>;
  readonly upstreamTimeouts: Counter;

  constructor(registry: Registry, health: UpstreamHealth) {
    const registers = [registry];
    this.rejected = new Counter({
      name: 'infscale_proxy_rejected_total',
      help: 'Requests turned away by a limit: body-too-large (413), bad-framing (400), queue-full (503), admin-unauthorized (401), shutting-down (503)',
      labelNames: ['reason'],
      registers,
    });
    this.upstreamTimeouts = new Counter({
      name: 'infscale_proxy_upstream_timeouts_total',
      help: 'Upstream calls cut off by their timeout (--upstream-timeout-ms; for the router also its drop limit), answered 504',
      registers,
    });
    collectedGauge(registry, 'infscale_proxy_upstream_wedged', '1 while the upstream is wedged: its last calls all timed out (GET /healthz answers 503)', () =>
      health.wedged ? 1 : 0,
    );
    collectedGauge(registry, 'infscale_proxy_upstream_consecutive_timeouts', 'Upstream timeouts since the last answer', () => health.consecutiveTimeouts);
  }
}
