import { evaluateAll, evaluateForecaster } from './evaluate';
import { LastMaxForecaster } from './last-max';
import { lstmForecaster } from './preset-forecasters';
import { initTensorflow } from './tensorflow';
import { syntheticSeries, tinyWindow, trainTiny } from './test-support/tiny-model';
import { buildWindows } from './windows';

const window = { stepSeconds: 2, inputSteps: 2, horizonSeconds: 2 };
// Windows end at 4, 6, 8 (targets 9, 4, 8); the last 2 s before each end peak at 3, 9, 4.
const series = Float64Array.from([1, 1, 2, 3, 9, 1, 4, 2, 8, 1]);

describe('evaluateForecaster', () => {
  it('scores each window against the max of the next horizon', () => {
    const metrics = evaluateForecaster(new LastMaxForecaster({ windowSeconds: 2, horizonSeconds: 2 }), series, window);
    expect(metrics.windows).toBe(3);
    // F = 3, 9, 4 vs A = 9, 4, 8: two windows under-predicted.
    expect(metrics.underPredictedPercent).toBeCloseTo(200 / 3, 10);
    expect(metrics.mape).toBeCloseTo((100 * (6 / 9 + 5 / 4 + 4 / 8)) / 3, 10);
  });

  it('refuses an LSTM whose window is cut differently from the evaluated one', async () => {
    await initTensorflow();
    const lstm = lstmForecaster(await trainTiny());
    expect(() => evaluateForecaster(lstm, syntheticSeries(300), { ...tinyWindow, stepSeconds: 2 })).toThrow(
      /model's window \(4 × 5 s → 5 s\) is not the evaluated one \(4 × 2 s → 5 s\)/,
    );
    expect(evaluateForecaster(lstm, syntheticSeries(300), tinyWindow).windows).toBeGreaterThan(0);
  }, 30_000);

  it("scores an LSTM on finer blocks of the same span at the evaluated windows' ends (its own cut, the same targets)", async () => {
    await initTensorflow();
    const lstm = lstmForecaster(await trainTiny()); // 4 × 5 s → 5 s
    const coarse = { stepSeconds: 10, inputSteps: 2, horizonSeconds: 5 };
    const s = syntheticSeries(300);
    const scored = evaluateForecaster(lstm, s, coarse);
    expect(scored.windows).toBe(buildWindows(s, coarse).count);
    // Every other window of its own cut ends where the coarse windows end.
    expect(scored).toEqual(evaluateForecaster(lstm, s, tinyWindow, 2));
    expect(() => evaluateForecaster(lstm, s, { stepSeconds: 10, inputSteps: 3, horizonSeconds: 5 })).toThrow(/is not the evaluated one/);
  }, 30_000);

  it('with historySeconds, scores the LSTM through predict() on that much history: the batch figure when it covers the context', async () => {
    await initTensorflow();
    const leveled = lstmForecaster(await trainTiny({ features: ['max', 'level60'] }));
    const s = syntheticSeries(400);
    const batch = evaluateForecaster(leveled, s, tinyWindow);
    expect(evaluateForecaster(leveled, s, tinyWindow, 1, 60)).toEqual(batch);
    // 20 s of history: the level spans the input window only, so the forecasts differ.
    expect(evaluateForecaster(leveled, s, tinyWindow, 1, 20).smape).not.toBe(batch.smape);
    expect(() => evaluateForecaster(leveled, s, tinyWindow, 1, 0)).toThrow(/historySeconds must be a whole number ≥ 1, got 0/);
  }, 30_000);

  it('gives the oracle a perfect score and names every reference forecaster', () => {
    const rows = evaluateAll(series, window);
    expect(rows.map((r) => r.forecaster)).toEqual(['ewma', 'last-max', 'oracle']);
    expect(rows[2].metrics).toMatchObject({ smape: 0, mape: 0, underPredictedPercent: 0, underP95Rps: 0 });
  });
});
