import type { Clock } from '@infscale/core';
import { describeFailure, microTime, type KubeApi } from '@infscale/kube';

export type LeaseReleaseOutcome = 'released' | 'not-held' | 'absent' | 'conflict';

/**
 * Gives up the Lease on shutdown, as client-go's ReleaseOnCancel does: if we hold it, clear the
 * holder and shorten the duration to 1 s so another replica takes over at once instead of waiting
 * for the lease to expire. A lease held by someone else is left alone. (packages/kube's LeaseElector
 * has no release; this writes the same object through the same KubeApi.)
 */
export async function releaseLease(api: KubeApi, name: string, identity: string, clock: Clock): Promise<LeaseReleaseOutcome> {
  let lease;
  try {
    lease = await api.readLease(name);
  } catch (err) {
    if (describeFailure(err).code === 404) return 'absent';
    throw err;
  }
  if (lease.spec?.holderIdentity !== identity) return 'not-held';
  const now = microTime(clock.now()) as unknown as Date; // client-node types MicroTime as Date
  const { holderIdentity: _released, ...rest } = lease.spec;
  try {
    await api.replaceLease(name, { ...lease, spec: { ...rest, leaseDurationSeconds: 1, renewTime: now, acquireTime: now } });
  } catch (err) {
    // Someone wrote the lease since we read it: it is no longer ours to release.
    if (describeFailure(err).code === 409) return 'conflict';
    throw err;
  }
  return 'released';
}
