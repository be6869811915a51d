import { countBound, countPmf } from './arrival-counts';

function moments(pmf: Float64Array): { total: number; mean: number; variance: number } {
  let total = 0;
  let mean = 0;
  let second = 0;
  pmf.forEach((p, k) => {
    total += p;
    mean += p * k;
    second += p * k * k;
  });
  return { total, mean, variance: second - mean * mean };
}

describe('countPmf', () => {
  it('is Poisson at dispersion 1: mass 1, mean and variance λ, e^−λ at 0', () => {
    const pmf = countPmf(64, 1, countBound(64, 1));
    const m = moments(pmf);
    expect(m.total).toBeCloseTo(1, 10);
    expect(m.mean).toBeCloseTo(64, 6);
    expect(m.variance).toBeCloseTo(64, 4);
    expect(pmf[0]).toBeCloseTo(Math.exp(-64), 40);
  });

  it('is a negative binomial with variance dispersion × mean above 1', () => {
    const m = moments(countPmf(64, 1.4, countBound(64, 1.4)));
    expect(m.total).toBeCloseTo(1, 10);
    expect(m.mean).toBeCloseTo(64, 6);
    expect(m.variance).toBeCloseTo(1.4 * 64, 3);
  });

  it('does not underflow at a large mean, and handles a mean of 0', () => {
    expect(moments(countPmf(900, 1, countBound(900, 1))).total).toBeCloseTo(1, 10);
    expect(Array.from(countPmf(0, 1, 2))).toEqual([1, 0, 0]);
    expect(() => countPmf(5, 0.5, 10)).toThrow(/dispersion/);
    expect(() => countPmf(NaN, 1, 10)).toThrow(/mean/);
  });
});
