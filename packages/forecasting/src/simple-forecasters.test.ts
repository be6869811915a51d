import { EwmaForecaster } from './ewma';
import { ForecastInputError } from './errors';
import { HEADROOM, withHeadroom } from './headroom';
import { LastMaxForecaster } from './last-max';
import { OracleForecaster } from './oracle';

const at = (historyPerSecond: number[], nowMs = 0) => ({ nowMs, historyPerSecond });

describe('EwmaForecaster', () => {
  it('weights block maxima by (1−α)^age and normalises (pandas adjust=True)', () => {
    const f = new EwmaForecaster({ span: 3, stepSeconds: 1, horizonSeconds: 60 });
    expect(f.predict(at([4, 2, 8])).peakRps).toBeCloseTo(10 / 1.75, 12);
  });

  it('aligns blocks to now, the oldest one partial', () => {
    const f = new EwmaForecaster({ span: 3, stepSeconds: 2, horizonSeconds: 20 });
    const forecast = f.predict(at([1, 4, 2, 8, 3]));
    expect(forecast.peakRps).toBeCloseTo(10.25 / 1.75, 12);
    expect(forecast).toMatchObject({ method: 'ewma', horizonSeconds: 20 });
    expect(forecast.fallbackReason).toBeUndefined();
  });

  it('defaults to span 10 and returns the level of a constant series', () => {
    const f = new EwmaForecaster({ stepSeconds: 60, horizonSeconds: 60 });
    expect(f.predict(at(new Array(900).fill(7))).peakRps).toBeCloseTo(7, 12);
  });
});

describe('LastMaxForecaster', () => {
  it('takes the max of the last window only', () => {
    expect(new LastMaxForecaster({ windowSeconds: 3, horizonSeconds: 20 }).predict(at([9, 1, 2, 5, 3])).peakRps).toBe(5);
  });

  it('uses the whole history when it is shorter than the window, or with an infinite window', () => {
    expect(new LastMaxForecaster({ windowSeconds: 10, horizonSeconds: 20 }).predict(at([9, 1, 2])).peakRps).toBe(9);
    expect(new LastMaxForecaster({ windowSeconds: Infinity, horizonSeconds: 20 }).predict(at([9, 1, 2, 5])).peakRps).toBe(9);
  });
});

describe('OracleForecaster', () => {
  const series = [1, 2, 3, 10, 4, 5];
  const oracle = new OracleForecaster({ series, startMs: 1000, horizonSeconds: 2 });

  it('maps nowMs to series index floor((nowMs − startMs) / 1000) and reads the next horizon', () => {
    expect(oracle.indexAt(3500)).toBe(2);
    expect(oracle.predict(at([1, 2], 3000)).peakRps).toBe(10);
    expect(oracle.predict(at([1, 2, 3, 10], 5000)).peakRps).toBe(5);
  });

  it('uses what is left of the horizon at the end and refuses times outside the series', () => {
    expect(oracle.predict(at([1], 6000)).peakRps).toBe(5);
    expect(() => oracle.predict(at([1], 7000))).toThrow(/outside its series/);
    expect(() => oracle.predict(at([1], 0))).toThrow(ForecastInputError);
  });
});

describe('headroom', () => {
  it('multiplies the inner forecast and keeps its method and fallback reason', () => {
    const inner = { name: 'x', historySeconds: 5, predict: () => ({ peakRps: 10, horizonSeconds: 60, method: 'x', fallbackReason: 'short' }) };
    const f = withHeadroom(inner, HEADROOM.infadapter);
    expect(f.predict(at([1])).peakRps).toBeCloseTo(11, 12);
    expect(f.predict(at([1]))).toMatchObject({ method: 'x', fallbackReason: 'short' });
    expect(f.historySeconds).toBe(5);
    expect(withHeadroom(inner, HEADROOM.ipaVideo)).toBe(inner);
    expect(withHeadroom(inner, HEADROOM.ipaAudio).predict(at([1])).peakRps).toBeCloseTo(12, 12);
  });

  it('refuses a factor below 1 or NaN', () => {
    const inner = new LastMaxForecaster({ windowSeconds: 1, horizonSeconds: 1 });
    expect(() => withHeadroom(inner, 0.9)).toThrow(/headroom/);
    expect(() => withHeadroom(inner, NaN)).toThrow(/headroom/);
  });
});

describe('bad input', () => {
  const forecasters = [new EwmaForecaster({ stepSeconds: 10, horizonSeconds: 20 }), new LastMaxForecaster({ windowSeconds: 10, horizonSeconds: 20 })];
  it.each(forecasters.map((f) => [f.name, f] as const))('%s refuses empty, NaN and negative histories with a clear error', (_name, f) => {
    expect(() => f.predict(at([]))).toThrow(/empty history/);
    expect(() => f.predict(at([1, NaN, 2]))).toThrow(/history\[1\] is NaN/);
    expect(() => f.predict(at([1, 2, -3]))).toThrow(/history\[2\] is -3.*negative/);
    expect(() => f.predict(at([Infinity]))).toThrow(ForecastInputError);
  });
});
