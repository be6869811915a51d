import { DecayingHistogram } from './decaying-histogram';
import { CPU_HISTOGRAM_OPTIONS as O, ExponentialHistogramOptions } from './histogram-options';

const DAY = 24 * 3600 * 1000;

describe('VPA exponential buckets', () => {
  it('has 176 buckets: ceil(log_1.05(1000·0.05/0.01 + 1)) + 1', () => {
    expect(O.numBuckets).toBe(176);
  });

  it('bucket n starts at 0.01·(1.05^n − 1)/0.05', () => {
    expect(O.bucketStart(0)).toBe(0);
    expect(O.bucketStart(1)).toBeCloseTo(0.01, 12);
    expect(O.bucketStart(2)).toBeCloseTo(0.0205, 12);
    expect(O.findBucket(0.005)).toBe(0);
    expect(O.findBucket(0.015)).toBe(1);
    // 1 core: floor(ln 6 / ln 1.05) = floor(36.72) = 36.
    expect(O.findBucket(1)).toBe(36);
    expect(O.findBucket(5000)).toBe(175);
  });

  it('rejects bad options', () => {
    expect(() => new ExponentialHistogramOptions(10, 0.01, 1, 0.1)).toThrow();
  });
});

describe('VPA decaying histogram', () => {
  it('returns the END of the bucket holding the percentile', () => {
    const h = DecayingHistogram.empty(O, DAY).addSample(1, 1, 0);
    // End of bucket 36 = start of 37 = 0.2·(1.05^37 − 1) = 1.01628…
    expect(h.percentile(0.9)).toBeCloseTo(0.2 * (Math.pow(1.05, 37) - 1), 12);
    expect(h.percentile(0.9)).toBeCloseTo(1.0163, 4);
  });

  it('is empty (percentile 0) before any sample', () => {
    expect(DecayingHistogram.empty(O, DAY).percentile(0.5)).toBe(0);
  });

  it('a sample one half-life newer weighs twice as much', () => {
    let h = DecayingHistogram.empty(O, DAY).addSample(1, 1, 0);
    h = h.addSample(2, 1, DAY);
    expect(h.totalWeight).toBeCloseTo(3, 12);
    // Weights 1 (at 1 core) and 2 (at 2 cores): p30 lands in 1's bucket, p50 in 2's.
    expect(h.percentile(0.3)).toBeCloseTo(O.bucketStart(O.findBucket(1) + 1), 12);
    expect(h.percentile(0.5)).toBeCloseTo(O.bucketStart(O.findBucket(2) + 1), 12);
  });

  it('renormalizes after 100 half-lives without moving the percentiles', () => {
    let h = DecayingHistogram.empty(O, 1000).addSample(1, 1, 0).addSample(3, 1, 0);
    h = h.addSample(3, 1, 101_000);
    expect(h.referenceMs).toBe(101_000);
    // The old samples are now 2^-101 of the new one: only 3 cores matters.
    expect(h.percentile(0.1)).toBeCloseTo(O.bucketStart(O.findBucket(3) + 1), 12);
    expect(h.totalWeight).toBeCloseTo(1, 9);
  });

  it('does not change the histogram it was called on', () => {
    const a = DecayingHistogram.empty(O, DAY).addSample(1, 1, 0);
    a.addSample(50, 100, 0);
    expect(a.totalWeight).toBe(1);
  });
});
