import { leaseVerdict, microTime } from './leader-election';

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
