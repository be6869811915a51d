import type { Clock } from '@infscale/core';
import type { V1Lease } from '@kubernetes/client-node';
import { describeFailure, isNotFound } from './api-error';
import type { KubeApi } from './kube-client';

/** metav1.MicroTime as the API server parses it: RFC 3339 with exactly six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function readTime(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

export type LeaseVerdict = 'free' | 'mine' | 'expired' | 'held';

/** Whether `identity` may write the lease now. Pure. */
export function leaseVerdict(spec: V1Lease['spec'], identity: string, nowMs: number): LeaseVerdict {
  const holder = spec?.holderIdentity;
  if (!holder) return 'free';
  if (holder === identity) return 'mine';
  const renewed = readTime(spec?.renewTime) ?? readTime(spec?.acquireTime);
  const duration = (spec?.leaseDurationSeconds ?? 0) * 1000;
  return renewed === undefined || nowMs >= renewed + duration ? 'expired' : 'held';
}

export interface LeaseOptions {
  name: string;
  identity: string;
  durationSeconds: number;
}

/**
 * Leader election on a coordination.k8s.io/v1 Lease, the client-go way: create it if absent, renew it
 * while we hold it, take it over only once the holder let it expire, and rely on resourceVersion so
 * two candidates racing for it cannot both win (the loser gets a 409 and stays a follower).
 */
export class LeaseElector {
  private leaderUntilMs = -Infinity;

  constructor(
    private readonly api: KubeApi,
    private readonly options: LeaseOptions,
    private readonly clock: Clock,
  ) {}

  /** True while our last successful renewal has not expired, judged by our own clock. */
  isLeader(): boolean {
    return this.clock.now() < this.leaderUntilMs;
  }

  /** Acquires or renews the lease; false when someone else holds it. Other API failures throw. */
  async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.clock.now();
    const { name, identity, durationSeconds } = this.options;
    let lease: V1Lease | undefined;
    try {
      lease = await this.api.readLease(name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const spec = {
      holderIdentity: identity,
      leaseDurationSeconds: durationSeconds,
      // client-node types MicroTime as Date but would send three digits; the server needs six.
      renewTime: microTime(now) as unknown as Date,
      acquireTime: microTime(now) as unknown as Date,
      leaseTransitions: lease?.spec?.leaseTransitions ?? 0,
    };
    try {
      if (!lease) {
        await this.api.createLease({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: this.api.namespace }, spec });
      } else {
        const verdict = leaseVerdict(lease.spec, identity, now);
        if (verdict === 'held') return this.lose();
        if (verdict === 'mine') spec.acquireTime = lease.spec?.acquireTime ?? spec.acquireTime;
        if (verdict === 'expired') spec.leaseTransitions += 1;
        await this.api.replaceLease(name, { ...lease, spec });
      }
    } catch (err) {
      if (describeFailure(err).code === 409) return this.lose(); // another candidate wrote first
      throw err;
    }
    this.leaderUntilMs = now + durationSeconds * 1000;
    return true;
  }

  private lose(): false {
    this.leaderUntilMs = -Infinity;
    return false;
  }
}
