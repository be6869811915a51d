import { emptyCalibration } from '../forecast-calibration';
import { improvedLoad, INFADAPTER_CALIBRATION } from './improved-load';

const config = { interval: 30_000, forecast: { model: 'lstm' as const, margin: 0 } };
const settled = (ratio: number) => ({ pending: [], ratios: Array.from({ length: INFADAPTER_CALIBRATION(config).minSamples }, () => ratio) });

describe('improvedLoad: λ of the improved InfAdapter', () => {
  it('is max(forecast, the last 10 s peak) × the calibrated factor', () => {
    expect(improvedLoad(config, settled(1.2), 100, [50, 60, 70])).toMatchObject({ baseRps: 100, factor: 1.2, lambdaRps: 120 });
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
    expect(improvedLoad(config, settled(0.5), 200, [70, 90, 80]).lambdaRps).toBeCloseTo(100, 10);
  });
});
