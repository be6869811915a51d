import { errorMessage, silentLogger, type Clock, type Logger } from '@infscale/core';
import type { V1Lease } from '@kubernetes/client-node';
import { describeFailure, isNotFound } from './api-error';
import type { KubeApi } from './kube-client';

/** metav1.MicroTime as the API server parses it: RFC 3339 with exactly six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export type LeaseVerdict = 'free' | 'mine' | 'expired' | 'held';

/**
 * Whether `identity` may write the lease now. Pure. Another holder's lease has expired once
 * leaseDurationSeconds have passed since WE first saw its current record (`observedAtMs`, our own
 * monotonic clock), as client-go decides: the renewTime written in it comes from the holder's clock
 * and is never compared with ours, so clock skew between nodes cannot shorten a lease.
 */
export function leaseVerdict(spec: V1Lease['spec'], identity: string, observedAtMs: number, nowMs: number): LeaseVerdict {
  const holder = spec?.holderIdentity;
  if (!holder) return 'free';
  if (holder === identity) return 'mine';
  return nowMs - observedAtMs >= (spec?.leaseDurationSeconds ?? 0) * 1000 ? 'expired' : 'held';
}

/** What identifies one version of the lease record: any renewal or takeover changes it. */
function recordOf(spec: V1Lease['spec']): string {
  return JSON.stringify([
    spec?.holderIdentity,
    String(spec?.renewTime ?? ''),
    String(spec?.acquireTime ?? ''),
    spec?.leaseDurationSeconds,
    spec?.leaseTransitions,
  ]);
}

export interface LeaseOptions {
  name: string;
  identity: string;
  durationSeconds: number;
  /** Without a successful renewal for this long (since the renewal was started), we stop acting. */
  renewDeadlineMs: number;
  /** A renewal younger than this is fresh enough: ensure() then makes no API call. */
  retryPeriodMs: number;
}

export interface LeaseClocks {
  /** Written into the lease (renewTime, acquireTime) for people and other tools to read. */
  wall: Clock;
  /** Judges leadership and expiry: never jumps (performance.now(), or the tests' ManualClock). */
  monotonic: Clock;
}

/**
 * Leader election on a coordination.k8s.io/v1 Lease, the client-go way: create it if absent, renew
 * it while we hold it, take it over only after it went unrenewed for its whole duration as we
 * observed it, and rely on resourceVersion so two candidates racing for it cannot both win (the
 * loser gets a 409 and stays a follower). We lead while our last successful renewal is younger than
 * the renew deadline, which is shorter than the lease: a leader cut off from the API server stops
 * acting before anyone else may start.
 */
export class LeaseElector {
  /** Monotonic time at which our last successful acquire or renew was STARTED (the conservative end). */
  private renewedAtMs: number | undefined;
  private observed: { record: string; atMs: number } | undefined;
  private attempt: Promise<boolean> | undefined;
  private leading = false;
  private readonly logger: Logger;

  constructor(
    private readonly api: KubeApi,
    private readonly options: LeaseOptions,
    private readonly clocks: LeaseClocks,
    logger: Logger = silentLogger,
  ) {
    this.logger = logger;
  }

  get identity(): string {
    return this.options.identity;
  }

  /** True while our last successful renewal is younger than the renew deadline, by our monotonic clock. Makes no call. */
  isLeader(): boolean {
    return this.leaderForMs() > 0;
  }

  /** How much longer we lead without another renewal (0: not the leader). */
  leaderForMs(): number {
    if (this.renewedAtMs === undefined) return 0;
    return Math.max(0, this.renewedAtMs + this.options.renewDeadlineMs - this.clocks.monotonic.now());
  }

  /**
   * Leads, renewing or acquiring first when the last renewal is older than the retry period. One
   * attempt at a time: concurrent callers share it (two renewals of ours racing would 409 each
   * other). Never throws: a failed call is logged, and we then lead only as long as the last
   * successful renewal allows.
   */
  async ensure(): Promise<boolean> {
    const age = this.renewedAtMs === undefined ? Infinity : this.clocks.monotonic.now() - this.renewedAtMs;
    if (this.isLeader() && age < this.options.retryPeriodMs) return true;
    this.attempt ??= this.tryAcquireOrRenew()
      .catch((err: unknown) => {
        this.logger.warn('lease not renewed', { lease: this.options.name, identity: this.identity, error: errorMessage(err), leaderForMs: this.leaderForMs() });
        return this.isLeader();
      })
      .finally(() => (this.attempt = undefined));
    return this.note(await this.attempt);
  }

  /** One acquire-or-renew round trip; false when someone else holds the lease. API failures throw. */
  async tryAcquireOrRenew(): Promise<boolean> {
    const startedMs = this.clocks.monotonic.now();
    const { name, identity, durationSeconds } = this.options;
    let lease: V1Lease | undefined;
    try {
      lease = await this.api.readLease(name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const now = microTime(this.clocks.wall.now());
    const spec = {
      holderIdentity: identity,
      leaseDurationSeconds: durationSeconds,
      // client-node types MicroTime as Date but would send three digits; the server needs six.
      renewTime: now as unknown as Date,
      acquireTime: now as unknown as Date,
      leaseTransitions: lease?.spec?.leaseTransitions ?? 0,
    };
    // A read older than the renew deadline (the process paused, or the call stalled) is not written back: a renewal
    // started that long ago would not count, and the lease may have moved on since (its write would only 409).
    if (this.clocks.monotonic.now() - startedMs > this.options.renewDeadlineMs) return this.stepDown();
    try {
      if (!lease) {
        await this.api.createLease({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: this.api.namespace }, spec });
      } else {
        const verdict = leaseVerdict(lease.spec, identity, this.observe(lease.spec), this.clocks.monotonic.now());
        if (verdict === 'held') return this.stepDown();
        if (verdict === 'mine') spec.acquireTime = lease.spec?.acquireTime ?? spec.acquireTime;
        if (verdict === 'expired') spec.leaseTransitions += 1;
        await this.api.replaceLease(name, { ...lease, spec });
      }
    } catch (err) {
      if (describeFailure(err).code === 409) return this.stepDown(); // another candidate wrote first
      throw err;
    }
    this.renewedAtMs = startedMs;
    this.observed = undefined;
    return true;
  }

  /** Stops leading now (lost the lease, or shutting down). */
  stepDown(): false {
    this.renewedAtMs = undefined;
    this.note(false);
    return false;
  }

  /** When we first saw this record of someone else's lease: unchanged since then means unrenewed since then. */
  private observe(spec: V1Lease['spec']): number {
    const record = recordOf(spec);
    if (this.observed?.record !== record) this.observed = { record, atMs: this.clocks.monotonic.now() };
    return this.observed.atMs;
  }

  /** Logs each change of leadership once. */
  private note(leading: boolean): boolean {
    if (leading !== this.leading) {
      this.leading = leading;
      const fields = { lease: this.options.name, identity: this.identity };
      if (leading) this.logger.info('became the leader', fields);
      else this.logger.warn('not the leader any more: stopped acting on the cluster', fields);
    }
    return leading;
  }
}
