import { emptyCalibration } from '../forecast-calibration';
import { improvedLoad, INFADAPTER_CALIBRATION } from './improved-load';

const config = { interval: 30_000, forecast: { model: 'lstm' as const, margin: 0 } };
// Ten seconds at a rate: a peak before them is older than the floor's 10 s but within the 30 s interval.
const tenSeconds = (rps: number): number[] => Array.from({ length: 10 }, () => rps);
const settled = (ratio: number) => ({ pending: [], ratios: Array.from({ length: INFADAPTER_CALIBRATION(config).minSamples }, () => ratio) });

describe('improvedLoad: λ of the improved InfAdapter', () => {
  it('is max(forecast, the last 10 s peak) × the calibrated factor', () => {
    expect(improvedLoad(config, settled(1.2), 100, [120, ...tenSeconds(70)])).toMatchObject({ baseRps: 100, factor: 1.2, lambdaRps: 120 });
    expect(improvedLoad(config, settled(1.2), 50, [90, 60, 70])).toMatchObject({ baseRps: 90, lambdaRps: 108 });
    // The paper's 10 % before the factor is learned.
    expect(improvedLoad(config, emptyCalibration(), 100, []).lambdaRps).toBeCloseTo(110, 10);
  });

  it('never plans below the mean load of the last 10 s, whatever the factor learned', () => {
    // A forecast that over-shot for an hour (factor 0.5) still plans for the 80 req/s just seen on average.
    const l = improvedLoad(config, settled(0.5), 100, [500, 70, 90, 80, 70, 90, 80, 70, 90, 80, 80]);
    expect(l.factor).toBeCloseTo(0.5, 10);
    expect(l.lambdaRps).toBeCloseTo(80, 10); // only the last 10 s: not the 500 before them
    // Where the corrected forecast is above the recent mean, the correction stands.
    expect(improvedLoad(config, settled(0.5), 200, [200, ...tenSeconds(80)]).lambdaRps).toBeCloseTo(100, 10);
  });

  it("holds the forecast to the last interval's peak: the minute forecast lags a fall", () => {
    // After a burst: 40 s ago 350 req/s, the last 30 s at most 161; the forecast still says 205.
    const history = [350, ...Array.from({ length: 10 }, () => 240), ...Array.from({ length: 30 }, (_, i) => 161 - i)];
    const l = improvedLoad(config, settled(1), 205, history);
    expect(l.baseRps).toBe(161);
    expect(l.lambdaRps).toBe(161);
    expect(l.held).toEqual({ forecastRps: 205, ceilingRps: 161 });
    // A forecast of a fall below that peak stands, down to the last 10 s peak.
    const fall = improvedLoad(config, settled(1), 150, history);
    expect(fall.baseRps).toBe(150);
    expect(fall.held).toBeUndefined();
    expect(improvedLoad(config, settled(1), 100, history).baseRps).toBe(141);
    // The interval follows the config: with 60 s intervals the 240 of 40 s ago is within it.
    expect(improvedLoad({ ...config, interval: 60_000 }, settled(1), 205, history).baseRps).toBe(205);
    // No history: the forecast as it is.
    expect(improvedLoad(config, settled(1), 205, []).baseRps).toBe(205);
  });
});
