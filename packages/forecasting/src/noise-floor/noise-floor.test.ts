import { mulberry32 } from '@infscale/core';
import { countBound, countPmf } from './arrival-counts';
import { fitDispersion, noiseFloor } from './noise-floor';

const ipaWindow = { stepSeconds: 10, inputSteps: 12, horizonSeconds: 20 };

/** Seeded draws of X by inverting the CDF of countPmf. */
function sampleCounts(n: number, mean: (i: number) => number, dispersion: number, seed: number): Float64Array {
  const random = mulberry32(seed);
  return Float64Array.from({ length: n }, (_, i) => {
    const pmf = countPmf(mean(i), dispersion, countBound(mean(i), dispersion));
    let u = random();
    let k = 0;
    while (k < pmf.length - 1 && u >= pmf[k]) u -= pmf[k++];
    return k;
  });
}

describe('fitDispersion', () => {
  it('measures about 1 on Poisson counts and about 2 on counts twice as variable', () => {
    const slowRate = (i: number) => 64 + 20 * Math.sin(i / 2000);
    expect(fitDispersion(sampleCounts(40_000, slowRate, 1, 1), 21)).toBeCloseTo(1, 1);
    expect(fitDispersion(sampleCounts(40_000, slowRate, 2, 2), 21)).toBeCloseTo(2, 1);
    expect(() => fitDispersion([1, 2, 3], 4)).toThrow(/odd/);
  });
});

describe('noiseFloor', () => {
  // Rates of 64–100 arrivals per second: seconds below the damping (removed) are practically absent.
  const rate = (i: number) => 82 + 18 * Math.sin(i / 3000);
  const poisson = sampleCounts(30_000, rate, 1, 5);
  const options = { window: ipaWindow, damping: 8, rateSeconds: 61, dispersion: 1 };

  it('on Poisson counts, the clairvoyant forecast scores what the model expects', () => {
    const floor = noiseFloor(poisson, options);
    expect(floor.windows).toBe(Math.floor((30_000 - 120 - 20) / 10) + 1);
    expect(floor.expectedSmape).toBeGreaterThan(3);
    expect(Math.abs(floor.clairvoyant.smape - floor.expectedSmape)).toBeLessThan(0.5);
  });

  it('rises with the dispersion assumed', () => {
    expect(noiseFloor(poisson, { ...options, dispersion: 1.5 }).expectedSmape).toBeGreaterThan(noiseFloor(poisson, options).expectedSmape);
  });

  it('from the trailing mean only (no future), scores worse than clairvoyant when the rate moves', () => {
    const moving = sampleCounts(20_000, (i) => 82 + 30 * Math.sin(i / 60), 1, 6);
    const clairvoyant = noiseFloor(moving, options).clairvoyant.smape;
    expect(noiseFloor(moving, { ...options, rateWindow: 'trailing', rateSeconds: 60 }).clairvoyant.smape).toBeGreaterThan(clairvoyant + 1);
  });

  it('refuses seconds the evaluated series would not hold', () => {
    expect(() => noiseFloor(Float64Array.of(...poisson.subarray(0, 500), 3), options)).toThrow(/kept seconds/);
  });
});
