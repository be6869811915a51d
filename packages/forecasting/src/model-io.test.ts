import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelFormatError } from './errors';
import type { ForecastModel } from './lstm/forecast-model';
import { loadForecastModel, MODEL_FILES, saveForecastModel } from './model-io';
import { lstmForecaster } from './preset-forecasters';
import { initTensorflow } from './tensorflow';
import { syntheticSeries, tinyWindow, trainTiny } from './test-support/tiny-model';
import { buildWindows } from './windows';

let dir: string;
let model: ForecastModel;

beforeAll(async () => {
  await initTensorflow();
  model = await trainTiny({}, 'ipa');
  dir = mkdtempSync(join(tmpdir(), 'forecast-model-'));
  await saveForecastModel(dir, model);
}, 30_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('saveForecastModel / loadForecastModel', () => {
  it('writes model.json, weights.bin and forecaster.json in the TensorFlow.js layout', () => {
    const modelJson = JSON.parse(readFileSync(join(dir, MODEL_FILES.topology), 'utf8'));
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(readFileSync(join(dir, MODEL_FILES.weights)).byteLength).toBe(4 * (4 * 4 * (1 + 4 + 1) + 4 + 1));
    expect(JSON.parse(readFileSync(join(dir, MODEL_FILES.meta), 'utf8'))).toMatchObject({ preset: 'ipa', normalization: model.meta.normalization });
  });

  it('loads a model that predicts exactly what the saved one did', async () => {
    const loaded = await loadForecastModel(dir, 'ipa');
    const set = buildWindows(syntheticSeries(300), tinyWindow);
    expect(Array.from(lstmForecaster(loaded).predictWindows(set))).toEqual(Array.from(lstmForecaster(model).predictWindows(set)));
    expect(loaded.meta).toEqual(model.meta);
  });

  it('writes byte-identical files for two trainings with the same seed', async () => {
    const again = mkdtempSync(join(tmpdir(), 'forecast-again-'));
    try {
      await saveForecastModel(again, await trainTiny({}, 'ipa'));
      for (const file of Object.values(MODEL_FILES))
        expect([file, readFileSync(join(again, file)).equals(readFileSync(join(dir, file)))]).toEqual([file, true]);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  it('reads a version-1 file (before encodings) as the absolute encoding', async () => {
    const v1 = mkdtempSync(join(tmpdir(), 'forecast-v1-'));
    try {
      const absolute = await trainTiny({ encoding: 'absolute' }, 'ipa');
      await saveForecastModel(v1, absolute);
      const meta = JSON.parse(readFileSync(join(v1, MODEL_FILES.meta), 'utf8'));
      writeFileSync(join(v1, MODEL_FILES.meta), JSON.stringify({ ...meta, version: 1, normalization: { scale: meta.normalization.scale } }));
      const loaded = await loadForecastModel(v1, 'ipa');
      expect(loaded.meta.normalization).toEqual({ scale: absolute.meta.normalization.scale, encoding: 'absolute' });
      const set = buildWindows(syntheticSeries(300), tinyWindow);
      expect(Array.from(lstmForecaster(loaded).predictWindows(set))).toEqual(Array.from(lstmForecaster(absolute).predictWindows(set)));
    } finally {
      rmSync(v1, { recursive: true, force: true });
    }
  });

  it('keeps the features of a max,mean model, and refuses a forecaster.json whose features do not fit the network', async () => {
    const two = mkdtempSync(join(tmpdir(), 'forecast-features-'));
    try {
      const model2 = await trainTiny({ features: ['max', 'mean'] }, 'ipa');
      await saveForecastModel(two, model2);
      const loaded = await loadForecastModel(two, 'ipa');
      expect(loaded.meta.training.features).toEqual(['max', 'mean']);
      const set = buildWindows(syntheticSeries(300), tinyWindow, 1, ['max', 'mean']);
      expect(Array.from(lstmForecaster(loaded).predictWindows(set))).toEqual(Array.from(lstmForecaster(model2).predictWindows(set)));
      const meta = JSON.parse(readFileSync(join(two, MODEL_FILES.meta), 'utf8'));
      writeFileSync(join(two, MODEL_FILES.meta), JSON.stringify({ ...meta, training: { ...meta.training, features: ['max'] } }));
      await expect(loadForecastModel(two, 'ipa')).rejects.toThrow(/the network takes 2 features per step but forecaster.json says max/);
      writeFileSync(join(two, MODEL_FILES.meta), JSON.stringify({ ...meta, training: { ...meta.training, features: ['max', 'p99'] } }));
      await expect(loadForecastModel(two, 'ipa')).rejects.toThrow(/training.features: unknown feature "p99"/);
    } finally {
      rmSync(two, { recursive: true, force: true });
    }
  });

  it('keeps the rounding of an integer-output model, so the loaded one forecasts the same integers', async () => {
    const integer = mkdtempSync(join(tmpdir(), 'forecast-integer-'));
    try {
      const rounded = await trainTiny({ integerOutput: true }, 'ipa');
      await saveForecastModel(integer, rounded);
      const loaded = await loadForecastModel(integer, 'ipa');
      expect(loaded.meta.rounding).toEqual(rounded.meta.rounding);
      const set = buildWindows(syntheticSeries(300), tinyWindow);
      expect(Array.from(lstmForecaster(loaded).predictWindows(set))).toEqual(Array.from(lstmForecaster(rounded).predictWindows(set)));
    } finally {
      rmSync(integer, { recursive: true, force: true });
    }
  });

  it('refuses a model of another preset, naming both', async () => {
    await expect(loadForecastModel(dir, 'infadapter')).rejects.toThrow(/trained for preset "ipa", not "infadapter"/);
  });

  it('names the file when a folder is missing or its metadata is broken', async () => {
    await expect(loadForecastModel(join(dir, 'nope'))).rejects.toThrow(/cannot read .*forecaster\.json/);
    const broken = mkdtempSync(join(tmpdir(), 'forecast-broken-'));
    try {
      await saveForecastModel(broken, model);
      const meta = JSON.parse(readFileSync(join(broken, MODEL_FILES.meta), 'utf8'));
      writeFileSync(join(broken, MODEL_FILES.meta), JSON.stringify({ ...meta, normalization: { scale: 0 } }));
      await expect(loadForecastModel(broken)).rejects.toThrow(/normalization\.scale must be a positive number/);
      writeFileSync(join(broken, MODEL_FILES.meta), JSON.stringify({ ...meta, normalization: { ...meta.normalization, encoding: 'sqrt' } }));
      await expect(loadForecastModel(broken)).rejects.toThrow(/normalization\.encoding must be one of absolute, log-relative, got "sqrt"/);
      writeFileSync(join(broken, MODEL_FILES.meta), JSON.stringify({ ...meta, rounding: { roundUpFrom: 0 } }));
      await expect(loadForecastModel(broken)).rejects.toThrow(/rounding\.roundUpFrom must be in \(0, 1\], got 0/);
      writeFileSync(join(broken, MODEL_FILES.meta), JSON.stringify({ ...meta, training: { ...meta.training, damping: 0.5 } }));
      await expect(loadForecastModel(broken)).rejects.toThrow(/training\.damping must be a whole number ≥ 1, got 0\.5/);
      writeFileSync(join(broken, MODEL_FILES.meta), JSON.stringify({ ...meta, preset: 'sponge' }));
      await expect(loadForecastModel(broken)).rejects.toThrow(ModelFormatError);
      writeFileSync(join(broken, MODEL_FILES.meta), '{');
      await expect(loadForecastModel(broken)).rejects.toThrow(/not valid JSON/);
      writeFileSync(join(broken, MODEL_FILES.meta), JSON.stringify({ ...meta, window: { ...meta.window, inputSteps: 9 } }));
      await expect(loadForecastModel(broken)).rejects.toThrow(/takes 4 steps but forecaster\.json says 9/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
