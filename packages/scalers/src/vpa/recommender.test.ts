import { DecayingHistogram } from './decaying-histogram';
import { CPU_HISTOGRAM_OPTIONS as O } from './histogram-options';
import { confidence, recommendCpu, type CpuAggregate } from './recommender';
import { shouldUpdate } from './updater';

const DAY = 24 * 3600 * 1000;
const MIN = 60_000;

/** One sample of `cores` per minute for `minutes` minutes. */
function steady(cores: number, minutes: number): CpuAggregate {
  let histogram = DecayingHistogram.empty(O, DAY);
  for (let m = 0; m <= minutes; m++) histogram = histogram.addSample(cores, 1, m * MIN);
  return { histogram, firstSampleMs: 0, lastSampleMs: minutes * MIN, totalSamples: minutes + 1 };
}

describe('VPA recommender', () => {
  it('two days at 1 core: target = end-of-bucket 1.016 + 15 % = 1.168; bounds with confidence 2', () => {
    const a = steady(1, 2 * 1440);
    expect(confidence(a)).toBeCloseTo(2, 9);
    // 1016 m + trunc(1016 × 0.15 = 152.4) = 1168 m.
    const rec = recommendCpu(a);
    expect(rec.target).toBe(1.168);
    // upper = trunc(1168 × (1 + 1/2)) = 1752 m; lower = trunc(1168 × (1 + 0.001/2)^−2 = 1166.8) = 1166 m.
    expect(rec.upperBound).toBe(1.752);
    expect(rec.lowerBound).toBe(1.166);
  });

  it('with no history the upper bound is infinite and the lower bound the 25 m floor', () => {
    const rec = recommendCpu(steady(1, 0));
    expect(rec.upperBound).toBe(Infinity);
    expect(rec.lowerBound).toBe(0.025);
  });

  it('never recommends below 25 millicores', () => {
    expect(recommendCpu(steady(0.001, 1440)).target).toBe(0.025);
  });
});

describe('VPA updater rule', () => {
  const rec = { target: 1.168, lowerBound: 1.166, upperBound: 1.752 };
  const H = 3600 * 1000;
  it('updates requests outside [lower, upper] at any age', () => {
    expect(shouldUpdate(2, rec, 0, 2).update).toBe(true);
    expect(shouldUpdate(1, rec, 0, 2).update).toBe(true);
  });
  it('inside the bounds: only after 12 h and a change of ≥ 10 %', () => {
    expect(shouldUpdate(1.5, rec, 11 * H, 2).update).toBe(false);
    expect(shouldUpdate(1.5, rec, 13 * H, 2).update).toBe(true); // |1.168 − 1.5| / 1.5 = 22 %
    expect(shouldUpdate(1.2, rec, 13 * H, 2).update).toBe(false); // 2.7 %
  });
  it('leaves a deployment with fewer than minReplicas alone', () => {
    expect(shouldUpdate(2, rec, 0, 1)).toEqual({ update: false, why: '1 replica(s) < minReplicas 2' });
    expect(shouldUpdate(2, rec, 0, 1, { updateThreshold: 0.1, podLifetimeThresholdMs: 12 * H, minReplicas: 1 }).update).toBe(true);
  });
});
