import { keptSecondCdf, maxPmf } from './damped-max';

describe('keptSecondCdf', () => {
  it('damps by truncation and conditions on the second being kept (Y ≥ 1)', () => {
    // X uniform on 0..23, damping 8: Y = 0 (removed) for X < 8, 1 for 8..15, 2 for 16..23.
    const cdf = keptSecondCdf(new Array(24).fill(1 / 24), 8);
    expect(cdf).toHaveLength(3);
    [0, 0.5, 1].forEach((p, y) => expect(cdf[y]).toBeCloseTo(p, 12));
  });
});

describe('maxPmf', () => {
  it('multiplies the CDFs of the seconds, a shorter CDF being 1 past its end', () => {
    const pmf = maxPmf([Float64Array.of(0, 0.5, 1), Float64Array.of(0, 0.5, 1)]);
    expect(Array.from(pmf)).toEqual([0, 0.25, 0.75]);
    expect(Array.from(maxPmf([Float64Array.of(0, 0.5), Float64Array.of(0, 1, 1)]))).toEqual([0, 0.5, 0.5]);
    expect(() => maxPmf([])).toThrow(/no seconds/);
  });
});
