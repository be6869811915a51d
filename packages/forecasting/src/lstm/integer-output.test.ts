import { mulberry32 } from '@infscale/core';
import { underPredictedPercent } from '../metrics';
import { fitRounding, roundForecast } from './integer-output';

describe('roundForecast', () => {
  it('rounds up from the threshold, down below it, and keeps integers', () => {
    expect(roundForecast(9.74, { roundUpFrom: 0.75 })).toBe(9);
    expect(roundForecast(9.75, { roundUpFrom: 0.75 })).toBe(10);
    expect(roundForecast(9, { roundUpFrom: 0.75 })).toBe(9);
    expect(roundForecast(9.99, { roundUpFrom: 1 })).toBe(9);
  });
});

describe('fitRounding', () => {
  it('finds the threshold that makes the forecasts exact when one exists', () => {
    // Raw forecasts 0.3–0.5 above the actual, or 0.7–0.9 below the next one: round up from (0.5, 0.7].
    const predicted = [9.3, 10.5, 8.4, 11.7, 7.9, 12.8];
    const targets = [9, 10, 8, 12, 8, 13];
    const fitted = fitRounding(predicted, targets);
    expect(fitted.roundUpFrom).toBe(0.51);
    expect(predicted.map((p) => roundForecast(p, fitted))).toEqual(targets);
  });

  it('on integer targets, under-predicts no window more than the raw forecasts did', () => {
    const random = mulberry32(11);
    const targets = Array.from({ length: 2_000 }, () => 5 + Math.floor(10 * random()));
    const predicted = targets.map((a) => a * (0.8 + 0.4 * random()));
    const fitted = fitRounding(predicted, targets);
    for (const rounding of [fitted, { roundUpFrom: 1 }]) {
      const rounded = predicted.map((p) => roundForecast(p, rounding));
      expect(underPredictedPercent(targets, rounded)).toBeLessThanOrEqual(underPredictedPercent(targets, predicted));
    }
  });
});
