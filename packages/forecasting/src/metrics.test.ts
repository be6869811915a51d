import { accuracy, mape, percentile, smape, underPredictedPercent, underPredictionP95 } from './metrics';

const actual = [10, 20, 0, 5];
const predicted = [12, 15, 0, 5];

describe('metrics', () => {
  it('SMAPE: mean of 2|F−A|/(A+F), exact zeros count as 0', () => {
    expect(smape(actual, predicted)).toBeCloseTo((100 * (4 / 22 + 10 / 35)) / 4, 10);
  });

  it('MAPE skips windows with no load', () => {
    expect(mape(actual, predicted)).toBeCloseTo(15, 10);
  });

  it('under-predicted share and the 95th percentile of the shortfall', () => {
    expect(underPredictedPercent(actual, predicted)).toBe(25);
    expect(underPredictionP95(actual, predicted)).toBe(5);
    expect(underPredictionP95(actual, predicted, true)).toBe(25);
  });

  it('nearest-rank percentile', () => {
    expect(percentile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 0.95)).toBe(5);
    expect(percentile([7], 0)).toBe(7);
  });

  it('bundles every metric and refuses mismatched or empty inputs', () => {
    expect(accuracy(actual, predicted)).toMatchObject({ windows: 4, mape: 15, underPredictedPercent: 25, underP95Rps: 5 });
    expect(() => smape([1], [1, 2])).toThrow(/windows/);
    expect(() => mape([], [])).toThrow(/no windows/);
  });
});
