import { leaseVerdict, microTime } from './leader-election';

describe('leaseVerdict', () => {
  const renewTime = '2024-01-01T00:00:00.000000Z' as unknown as Date;
  const t0 = Date.parse('2024-01-01T00:00:00Z');
  const spec = { holderIdentity: 'a', renewTime, leaseDurationSeconds: 15 };

  it.each([
    ['free without a holder', { ...spec, holderIdentity: undefined }, 'b', t0, 'free'],
    ['mine when I hold it, expired or not', spec, 'a', t0 + 60_000, 'mine'],
    ['held by another until it expires', spec, 'b', t0 + 14_999, 'held'],
    ['expired at renewTime + duration', spec, 'b', t0 + 15_000, 'expired'],
  ])('%s', (_, s, who, now, verdict) => {
    expect(leaseVerdict(s, who, now)).toBe(verdict);
  });
});

describe('microTime', () => {
  it('writes six fractional digits, as metav1.MicroTime', () => {
    expect(microTime(Date.parse('2024-05-06T07:08:09.123Z'))).toBe('2024-05-06T07:08:09.123000Z');
  });
});
