import type { Tensor } from '@tensorflow/tfjs';
import { LastMaxForecaster } from '../last-max';
import { initTensorflow, tensorflow } from '../tensorflow';
import { syntheticSeries, TINY_SECONDS, tinyTraining, tinyWindow, trainTiny } from '../test-support/tiny-model';
import { smape } from '../metrics';
import { buildWindows } from '../windows';
import { LstmForecaster } from './lstm-forecaster';
import type { ForecastModel } from './forecast-model';
import { encodeInputs } from './encoding';
import { lstmForward } from './forward';
import { trainLstm } from './train';

let model: ForecastModel;

beforeAll(async () => {
  await initTensorflow();
  model = await trainTiny();
}, 30_000);

describe('trainLstm', () => {
  it('gives the same model twice with the same seed, and another with another seed', async () => {
    const a = model;
    const b = await trainTiny();
    const c = await trainTiny({ seed: 8 });
    expect(Array.from(b.weights.recurrent)).toEqual(Array.from(a.weights.recurrent));
    expect(b.weights.denseBias).toBe(a.weights.denseBias);
    expect(b.meta).toEqual(a.meta);
    expect(Array.from(c.weights.recurrent)).not.toEqual(Array.from(a.weights.recurrent));
  }, 30_000);

  it('stores the normalization (log1p of the largest training input) and the window it used', () => {
    expect(model.meta.normalization).toEqual({ scale: Math.log1p(Math.max(...syntheticSeries(TINY_SECONDS))), encoding: 'log-relative' });
    expect(model.meta.window).toEqual(tinyWindow);
    expect(model.meta.training.windows).toBe(buildWindows(syntheticSeries(TINY_SECONDS), tinyWindow).count);
  });

  it('with the pinball loss at 0.9 under-predicts fewer training windows than with MSE', async () => {
    const series = syntheticSeries(TINY_SECONDS);
    const set = buildWindows(series, tinyWindow);
    const fallback = new LastMaxForecaster({ windowSeconds: Infinity, horizonSeconds: tinyWindow.horizonSeconds });
    const underShare = (m: ForecastModel) => {
      const predicted = new LstmForecaster(m, fallback).predictWindows(set);
      return predicted.filter((p, i) => p < set.targets[i]).length / set.count;
    };
    const mse = await trainTiny({ epochs: 15 });
    const quantile = await trainTiny({ epochs: 15, quantile: 0.9 });
    expect(quantile.meta.training.quantile).toBe(0.9);
    expect(underShare(quantile)).toBeLessThan(underShare(mse));
    expect(underShare(quantile)).toBeLessThan(0.3);
  }, 30_000);

  it('with integerOutput, fits a rounding threshold and forecasts integers no worse in SMAPE on its training windows', async () => {
    const set = buildWindows(syntheticSeries(TINY_SECONDS), tinyWindow);
    const fallback = new LastMaxForecaster({ windowSeconds: Infinity, horizonSeconds: tinyWindow.horizonSeconds });
    const rounded = await trainTiny({ integerOutput: true });
    expect(model.meta.rounding).toBeUndefined();
    expect(rounded.meta.rounding?.roundUpFrom).toBeGreaterThan(0);
    const raw = new LstmForecaster(model, fallback).predictWindows(set);
    const integers = new LstmForecaster(rounded, fallback).predictWindows(set);
    expect(integers.every(Number.isInteger)).toBe(true);
    expect(smape(set.targets, integers)).toBeLessThanOrEqual(smape(set.targets, raw));
  }, 30_000);

  it('refuses a series too short for one window', async () => {
    await expect(trainLstm({ preset: 'ipa', window: tinyWindow, training: { ...tinyTraining, units: 2 }, series: [1, 2, 3] })).rejects.toThrow(
      /no training windows/,
    );
  });
});

describe('lstmForward', () => {
  it('matches TensorFlow.js predict on the same network', () => {
    const set = buildWindows(syntheticSeries(300), tinyWindow);
    const normalised = new Float32Array(set.inputs.length);
    encodeInputs(model.meta.normalization, set.inputs, 0, set.inputs.length, normalised);
    const tf = tensorflow();
    const expected = tf.tidy(() => (model.network.predict(tf.tensor3d(normalised, [set.count, tinyWindow.inputSteps, 1])) as Tensor).dataSync());
    for (let i = 0; i < set.count; i++) {
      expect(lstmForward(model.weights, normalised, i * tinyWindow.inputSteps, tinyWindow.inputSteps)).toBeCloseTo(expected[i], 5);
    }
  });
});

describe('a model on max,mean blocks', () => {
  let twoFeatures: ForecastModel;
  beforeAll(async () => {
    twoFeatures = await trainTiny({ features: ['max', 'mean'], integerOutput: true });
  }, 30_000);

  it('records its features and computes what TensorFlow.js computes on the same inputs', () => {
    expect(twoFeatures.meta.training.features).toEqual(['max', 'mean']);
    expect(twoFeatures.weights.inputs).toBe(2);
    const set = buildWindows(syntheticSeries(300), tinyWindow, 1, ['max', 'mean']);
    const normalised = new Float32Array(set.inputs.length);
    encodeInputs(twoFeatures.meta.normalization, set.inputs, 0, set.inputs.length, normalised);
    const tf = tensorflow();
    const expected = tf.tidy(() => (twoFeatures.network.predict(tf.tensor3d(normalised, [set.count, tinyWindow.inputSteps, 2])) as Tensor).dataSync());
    const per = 2 * tinyWindow.inputSteps;
    for (let i = 0; i < set.count; i++) expect(lstmForward(twoFeatures.weights, normalised, i * per, tinyWindow.inputSteps)).toBeCloseTo(expected[i], 5);
  });

  it('with a level, reads more history than its input span, and forecasts from the input span on', async () => {
    const leveled = new LstmForecaster(
      await trainTiny({ features: ['max', 'level60'] }),
      new LastMaxForecaster({ windowSeconds: Infinity, horizonSeconds: tinyWindow.horizonSeconds }),
    );
    expect([leveled.historySeconds, leveled.contextSeconds]).toEqual([20, 60]);
    expect(leveled.predict({ nowMs: 0, historyPerSecond: Array.from(syntheticSeries(30)) }).method).toBe('lstm');
    expect(new LstmForecaster(twoFeatures, new LastMaxForecaster({ windowSeconds: 1, horizonSeconds: 1 })).contextSeconds).toBe(20);
  }, 30_000);

  it('predicts from a history what the batch path gives, and refuses windows cut with other features', () => {
    const f = new LstmForecaster(twoFeatures, new LastMaxForecaster({ windowSeconds: Infinity, horizonSeconds: tinyWindow.horizonSeconds }));
    const series = syntheticSeries(200);
    const set = buildWindows(series, tinyWindow, 1, ['max', 'mean']);
    const batch = f.predictWindows(set);
    for (const i of [0, 7, set.count - 1]) {
      expect(f.predict({ nowMs: 0, historyPerSecond: Array.from(series.subarray(0, set.ends[i])) }).peakRps).toBe(batch[i]);
    }
    expect(() => f.predictWindows(buildWindows(series, tinyWindow))).toThrow(/the windows carry the features max, the model reads max,mean/);
  });
});

describe('LstmForecaster', () => {
  const fallback = new LastMaxForecaster({ windowSeconds: Infinity, horizonSeconds: tinyWindow.horizonSeconds });

  it('answers with its fallback, and says so, until the input window is full', () => {
    const f = new LstmForecaster(model, fallback);
    expect(f.historySeconds).toBe(20);
    const short = f.predict({ nowMs: 0, historyPerSecond: [3, 9, 4] });
    expect(short).toMatchObject({ peakRps: 9, method: 'last-max' });
    expect(short.fallbackReason).toMatch(/history 3 s < the 20 s/);
    const full = f.predict({ nowMs: 0, historyPerSecond: Array.from(syntheticSeries(20)) });
    expect(full.method).toBe('lstm');
    expect(full.fallbackReason).toBeUndefined();
    expect(Number.isFinite(full.peakRps)).toBe(true);
  });

  it('predict on a history equals the batch path on the same window', () => {
    const f = new LstmForecaster(model, fallback);
    const series = syntheticSeries(200);
    const set = buildWindows(series, tinyWindow);
    const batch = f.predictWindows(set);
    for (const i of [0, 5, set.count - 1]) {
      expect(f.predict({ nowMs: 0, historyPerSecond: Array.from(series.subarray(0, set.ends[i])) }).peakRps).toBe(batch[i]);
    }
  });

  it('refuses NaN and negative counts and an empty history instead of forecasting NaN', () => {
    const f = new LstmForecaster(model, fallback);
    const history = Array.from(syntheticSeries(30));
    expect(() => f.predict({ nowMs: 0, historyPerSecond: [] })).toThrow(/empty history/);
    expect(() => f.predict({ nowMs: 0, historyPerSecond: [...history, NaN] })).toThrow(/history\[30\] is NaN/);
    expect(() => f.predict({ nowMs: 0, historyPerSecond: [...history, -1] })).toThrow(/negative/);
  });
});
