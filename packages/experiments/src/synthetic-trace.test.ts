import { ConfigError } from '@infscale/core';
import { syntheticRates, syntheticTrace, type SyntheticTraceOptions } from './synthetic-trace';

const base: SyntheticTraceOptions = { shape: 'sine', seconds: 2400, baseRps: 20, peakRps: 200, seed: 5 };
const mean = (xs: ArrayLike<number>, from = 0, to = xs.length): number => {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i]!;
  return s / (to - from);
};

describe('syntheticRates', () => {
  it('sine: the trough at the start of a period, the crest half a period on, the mean halfway', () => {
    const r = syntheticRates(base);
    expect(r[0]).toBeCloseTo(20, 9);
    expect(r[1200]).toBeCloseTo(200, 9);
    expect(mean(r)).toBeCloseTo(110, 6);
  });

  it('ramp: rises linearly to the peak at half the period, then falls back', () => {
    const r = syntheticRates({ ...base, shape: 'ramp', periodS: 1000 });
    expect(r[0]).toBeCloseTo(20, 9);
    expect(r[250]).toBeCloseTo(110, 9);
    expect(r[500]).toBeCloseTo(200, 9);
    expect(r[750]).toBeCloseTo(110, 9);
    expect(r[1000]).toBeCloseTo(20, 9);
  });

  it('steps: plateaus within [base, peak], each held 2 to 6 minutes', () => {
    const r = syntheticRates({ ...base, shape: 'steps', seconds: 20_000 });
    const holds: number[] = [];
    let start = 0;
    for (let t = 1; t <= r.length; t++) {
      if (t === r.length || r[t] !== r[t - 1]) {
        holds.push(t - start);
        start = t;
      }
    }
    for (const x of r) expect(x >= 20 && x <= 200).toBe(true);
    // The last plateau is cut by the end of the trace.
    for (const h of holds.slice(0, -1)) expect(h >= 120 && h <= 360).toBe(true);
    expect(holds.length).toBeGreaterThan(20_000 / 360);
  });

  it('spikes: the base, with spikes at the peak 10–60 s long and 3–8 minutes apart', () => {
    const r = syntheticRates({ ...base, shape: 'spikes', seconds: 20_000 });
    const spikes: [number, number][] = [];
    for (let t = 0; t < r.length; t++) {
      expect(r[t] === 20 || r[t] === 200).toBe(true);
      if (r[t] === 200 && (t === 0 || r[t - 1] === 20)) spikes.push([t, 0]);
      if (r[t] === 200) spikes[spikes.length - 1]![1]++;
    }
    expect(spikes.length).toBeGreaterThan(20_000 / 540);
    for (const [, length] of spikes.slice(0, -1)) expect(length >= 10 && length <= 60).toBe(true);
    for (let i = 1; i < spikes.length; i++) {
      const gap = spikes[i]![0] - spikes[i - 1]![0] - spikes[i - 1]![1];
      expect(gap >= 180 && gap <= 480).toBe(true);
    }
  });

  it('the same seed draws the same shape; another seed another', () => {
    const a = syntheticRates({ ...base, shape: 'steps', seed: 1 });
    expect(syntheticRates({ ...base, shape: 'steps', seed: 1 })).toEqual(a);
    expect(syntheticRates({ ...base, shape: 'steps', seed: 2 })).not.toEqual(a);
  });

  it('refuses bad options, naming each field and what is valid', () => {
    expect(() => syntheticRates({ ...base, shape: 'wave' as never })).toThrow(/shape: must be one of sine, ramp, steps, spikes/);
    expect(() => syntheticRates({ ...base, seconds: 0 })).toThrow(/seconds: whole seconds in \[1, 604800\]/);
    expect(() => syntheticRates({ ...base, peakRps: 10 })).toThrow(/peakRps: a rate in \[baseRps \(20\), 100000\] req\/s \(got 10\)/);
    expect(() => syntheticRates({ ...base, baseRps: Number.NaN })).toThrow(ConfigError);
    expect(() => syntheticRates({ ...base, periodS: 1.5 })).toThrow(/periodS: whole seconds ≥ 2/);
  });
});

/** Counts on a flat stretch look Poisson: the mean within `meanTol` of the rate, the variance within `varTol` of the mean. */
const expectPoissonLike = (counts: number[], rate: number, meanTol: number, varTol: number): void => {
  const m = mean(counts);
  expect(Math.abs(m - rate) / rate).toBeLessThan(meanTol);
  const v = mean(counts.map((c) => (c - m) ** 2));
  expect(Math.abs(v / m - 1)).toBeLessThan(varTol);
};

describe('syntheticTrace', () => {
  it('draws Poisson counts around the rate: the mean within 1 % and the variance about the mean on a flat stretch', () => {
    const counts = syntheticTrace({ ...base, shape: 'sine', baseRps: 50, peakRps: 50, seconds: 20_000 });
    expect(counts.every((c) => Number.isInteger(c) && c >= 0)).toBe(true);
    expectPoissonLike(counts, 50, 0.01, 0.1);
  });

  it('above 100 req/s draws each second at once (normal, mean and variance λ): a week at 100,000 req/s, mean and variance right', () => {
    const counts = syntheticTrace({ ...base, shape: 'ramp', baseRps: 100_000, peakRps: 100_000, seconds: 7 * 86_400 });
    expectPoissonLike(counts, 100_000, 0.001, 0.05);
  });

  it('follows the shape: spikes carry the peak rate, the rest the base', () => {
    const o: SyntheticTraceOptions = { ...base, shape: 'spikes', seconds: 20_000, baseRps: 10, peakRps: 100 };
    const rates = syntheticRates(o);
    const counts = syntheticTrace(o);
    const at = (level: number): number[] => counts.filter((_, t) => rates[t] === level);
    expect(mean(at(100))).toBeGreaterThan(95);
    expect(mean(at(100))).toBeLessThan(105);
    expect(mean(at(10))).toBeGreaterThan(9.5);
    expect(mean(at(10))).toBeLessThan(10.5);
  });

  it('is reproducible by seed, and a zero rate draws nothing', () => {
    expect(syntheticTrace({ ...base, seed: 9 })).toEqual(syntheticTrace({ ...base, seed: 9 }));
    expect(syntheticTrace({ ...base, seed: 9 })).not.toEqual(syntheticTrace({ ...base, seed: 10 }));
    expect(syntheticTrace({ ...base, baseRps: 0, peakRps: 0, seconds: 100 }).every((c) => c === 0)).toBe(true);
  });
});
