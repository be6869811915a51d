import { ManualClock } from '@infscale/core';
import type { V1Lease } from '@kubernetes/client-node';
import type { KubeApi } from './kube-client';
import { LeaseElector, leaseVerdict, microTime } from './leader-election';

describe('leaseVerdict', () => {
  const spec = { holderIdentity: 'a', renewTime: '2024-01-01T00:00:00.000000Z' as unknown as Date, leaseDurationSeconds: 15 };
  const seenAt = 1_000; // monotonic ms at which we first saw this record

  it.each([
    ['free without a holder', { ...spec, holderIdentity: undefined }, 'b', seenAt, 'free'],
    ['mine when I hold it, expired or not', spec, 'a', seenAt + 60_000, 'mine'],
    ['held by another until it went unrenewed for its duration as we saw it', spec, 'b', seenAt + 14_999, 'held'],
    ['expired leaseDurationSeconds after we first saw this record', spec, 'b', seenAt + 15_000, 'expired'],
  ])('%s', (_, s, who, now, verdict) => {
    expect(leaseVerdict(s, who, seenAt, now)).toBe(verdict);
  });

  it("never compares the holder's renewTime with our clock: a renewTime years old is not expired until we waited", () => {
    const old = { ...spec, renewTime: '2001-01-01T00:00:00.000000Z' as unknown as Date };
    expect(leaseVerdict(old, 'b', seenAt, seenAt + 1)).toBe('held');
  });
});

describe('microTime', () => {
  it('writes six fractional digits, as metav1.MicroTime', () => {
    expect(microTime(Date.parse('2024-05-06T07:08:09.123Z'))).toBe('2024-05-06T07:08:09.123000Z');
  });
});

describe('LeaseElector: a stale read', () => {
  // A stand-in for the API server's Lease calls, kept because the real one cannot pause our process between a read
  // and the write that follows it (stale-leader.cluster.test.ts and the testenv e2e meet that only by chance).
  function elector(pauseMsDuringRead: number) {
    const monotonic = new ManualClock(0);
    const writes: string[] = [];
    const lease: V1Lease = {
      metadata: { name: 'l', namespace: 'ns', resourceVersion: '7' },
      spec: { holderIdentity: 'a', leaseDurationSeconds: 15, renewTime: microTime(0) as unknown as Date },
    };
    const api = {
      namespace: 'ns',
      readLease: async () => {
        monotonic.advance(pauseMsDuringRead);
        return lease;
      },
      replaceLease: async () => void writes.push('replace'),
      createLease: async () => void writes.push('create'),
    } as unknown as KubeApi;
    const options = { name: 'l', identity: 'a', durationSeconds: 15, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };
    return { e: new LeaseElector(api, options, { wall: new ManualClock(0), monotonic }), writes };
  }

  it('renews its own lease after a prompt read', async () => {
    const { e, writes } = elector(100);
    expect(await e.tryAcquireOrRenew()).toBe(true);
    expect(writes).toEqual(['replace']);
  });

  it('writes nothing back when the read is older than the renew deadline, and does not lead', async () => {
    const { e, writes } = elector(10_001);
    expect(await e.tryAcquireOrRenew()).toBe(false);
    expect(writes).toEqual([]);
    expect(e.isLeader()).toBe(false);
  });
});
