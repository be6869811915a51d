import { calibrationFactor, emptyCalibration, recordPrediction, resolveCalibration, type CalibrationSettings } from './forecast-calibration';

const settings: CalibrationSettings = { horizonMs: 3_000, quantile: 0.5, window: 4, minSamples: 3, maxRatio: 1.5, fallback: 1.1 };

describe("forecast calibration: a margin from the forecast's own errors", () => {
  it('scores a prediction against the peak of exactly the seconds it covered, once they have passed', () => {
    // Predicted 10 req/s at 2 s for [2 s, 5 s); the history ends at 6 s: seconds 0..5.
    let state = recordPrediction(emptyCalibration(), 2_000, 10);
    state = resolveCalibration(state, settings, 4_000, [1, 1, 12, 8]); // not passed yet
    expect(state).toEqual({ pending: [{ atMs: 2_000, predictedRps: 10 }], ratios: [] });
    // Seconds 2, 3, 4 had 12, 8, 9; second 5 (40) is after the interval, second 1 (30) before it.
    state = resolveCalibration(state, settings, 6_000, [5, 30, 12, 8, 9, 40]);
    expect(state).toEqual({ pending: [], ratios: [1.2] });
  });

  it("caps a ratio (a step the forecast could not know is the upscale check's) and keeps the latest window", () => {
    let state = emptyCalibration();
    for (const [at, predicted] of [
      [0, 10],
      [3_000, 10],
      [6_000, 10],
      [9_000, 10],
      [12_000, 10],
    ] as const)
      state = recordPrediction(state, at, predicted);
    state = resolveCalibration(state, settings, 15_000, [9, 9, 9, 11, 11, 11, 50, 7, 7, 8, 8, 8, 10, 10, 10]);
    // Five ratios 0.9, 1.1, 1.5 (50/10 capped), 0.8, 1.0: the window keeps the last four.
    expect(state.ratios).toEqual([1.1, 1.5, 0.8, 1]);
  });

  it('plans with the conformal quantile of the ratios, the fallback before enough samples', () => {
    expect(calibrationFactor({ pending: [], ratios: [0.9, 1.2] }, settings)).toBe(1.1);
    // n = 4, q = 0.5: the ⌈5 · 0.5⌉ = 3rd smallest.
    expect(calibrationFactor({ pending: [], ratios: [1.2, 0.8, 1.0, 1.4] }, settings)).toBe(1.2);
    expect(calibrationFactor({ pending: [], ratios: [1.2, 0.8, 1.0, 1.4] }, { ...settings, quantile: 0.9 })).toBe(1.4);
  });

  it('drops a prediction the history no longer covers, and one of zero', () => {
    let state = recordPrediction(recordPrediction(emptyCalibration(), 0, 10), 1_000, 0);
    state = resolveCalibration(state, settings, 60_000, [1, 2, 3]);
    expect(state).toEqual({ pending: [], ratios: [] });
  });

  it('learns nothing from an interval without a request (idle minutes are no forecast error to plan with)', () => {
    let state = recordPrediction(recordPrediction(emptyCalibration(), 0, 15), 3_000, 15);
    state = resolveCalibration(state, settings, 6_000, [0, 0, 0, 0, 3, 0]);
    // [0 s, 3 s) was idle: no ratio; [3 s, 6 s) peaked at 3: 0.2.
    expect(state).toEqual({ pending: [], ratios: [0.2] });
  });
});
