import { statSync } from 'node:fs';
import { join } from 'node:path';
import { HEADROOM } from './headroom';
import { loadTwitterTrace } from '@infscale/profiles';
import { splitTrace } from './dataset';
import { evaluateForecaster } from './evaluate';
import { loadForecastModel } from './model-io';
import { createPresetForecaster, loadPretrained, lstmForecaster, pretrainedDir, PRETRAINED_KINDS } from './preset-forecasters';
import { PRESET_NAMES, PRESETS } from './presets';
import { syntheticSeries } from './test-support/tiny-model';
import { inputSeconds } from './window-spec';

describe('shipped pre-trained models', () => {
  // Every kind each preset ships: the fine model only where the preset defines one.
  const cases = PRESET_NAMES.flatMap((name) => PRETRAINED_KINDS.filter((kind) => kind !== 'fine' || PRESETS[name].fine).map((kind) => [name, kind] as const));
  it.each(cases)('%s %s loads, is small and predicts finite, positive values', async (name, kind) => {
    const model = await loadPretrained(name, kind);
    const fine = kind === 'fine' ? PRESETS[name].fine : undefined;
    expect(model.meta.preset).toBe(name);
    expect(model.meta.window).toEqual(fine?.window ?? PRESETS[name].window);
    // What `forecast train --preset <name> [--upper | --fine]` writes: the preset's settings, the upper quantile for `upper`.
    const { quantile, ...settings } = PRESETS[name].training;
    expect(model.meta.training).toMatchObject({ ...settings, ...(fine ? { strideSteps: fine.strideSteps, epochs: fine.epochs } : {}) });
    expect(model.meta.training.quantile).toBe(kind === 'upper' ? PRESETS[name].upperQuantile : quantile);
    expect(statSync(join(pretrainedDir(name, kind), 'weights.bin')).size).toBeLessThan(16_000);
    const lstm = lstmForecaster(model);
    const history = Array.from(syntheticSeries(2 * inputSeconds(model.meta.window)));
    const forecast = lstm.predict({ nowMs: 0, historyPerSecond: history });
    expect(forecast.method).toBe('lstm');
    expect(Number.isFinite(forecast.peakRps)).toBe(true);
    expect(forecast.peakRps).toBeGreaterThan(0);
  });

  it.each(['ipa-level', 'ipa-level-upper'])(
    'models/%s (block max, mean and the 10-minute level) loads and predicts from 120 s or 600 s of history',
    async (dir) => {
      const model = await loadForecastModel(join(__dirname, '..', 'models', dir), 'ipa');
      expect(model.meta.training.features).toEqual(['max', 'mean', 'level600']);
      expect(model.meta.training.quantile).toBe(dir.endsWith('upper') ? PRESETS.ipa.upperQuantile : PRESETS.ipa.training.quantile);
      const lstm = lstmForecaster(model);
      const series = Array.from(syntheticSeries(600));
      for (const history of [series.slice(-120), series]) {
        const forecast = lstm.predict({ nowMs: 0, historyPerSecond: history });
        expect(forecast.method).toBe('lstm');
        expect(Number.isInteger(forecast.peakRps) && forecast.peakRps > 0).toBe(true);
      }
    },
  );

  it('models/infadapter-mean (block max and mean, τ 0.6) loads and predicts from 10 minutes of history', async () => {
    const model = await loadForecastModel(join(__dirname, '..', 'models', 'infadapter-mean'), 'infadapter');
    expect(model.meta.training.features).toEqual(['max', 'mean']);
    expect(model.meta.training.quantile).toBe(0.6);
    const forecast = lstmForecaster(model).predict({ nowMs: 0, historyPerSecond: Array.from(syntheticSeries(600)) });
    expect(forecast.method).toBe('lstm');
    expect(Number.isFinite(forecast.peakRps) && forecast.peakRps > 0).toBe(true);
  });

  it.each(PRESET_NAMES)('%s: the upper model under-predicts fewer windows of the test split than the point model', async (name) => {
    const preset = PRESETS[name];
    // One window per minute over two days of the test split: enough for a stable share, quick to score.
    const test = splitTrace(loadTwitterTrace(), preset).test.subarray(0, 2 * 86_400);
    const stride = 60 / preset.window.stepSeconds;
    const point = evaluateForecaster(lstmForecaster(await loadPretrained(name)), test, preset.window, stride);
    const upper = evaluateForecaster(lstmForecaster(await loadPretrained(name, 'upper')), test, preset.window, stride);
    expect(upper.underPredictedPercent).toBeLessThan(point.underPredictedPercent);
    expect(upper.underPredictedPercent).toBeLessThan(100 * (1 - preset.upperQuantile) + 5);
  });

  it("fall back to the papers' warm-up predictors with a short history", async () => {
    const short = { nowMs: 0, historyPerSecond: [5, 9, 7] };
    const infadapter = lstmForecaster(await loadPretrained('infadapter')).predict(short);
    expect(infadapter).toMatchObject({ method: 'ewma', peakRps: 9 });
    expect(infadapter.fallbackReason).toMatch(/history 3 s < the 600 s the LSTM needs: ewma answered/);
    const ipa = lstmForecaster(await loadPretrained('ipa')).predict(short);
    expect(ipa).toMatchObject({ method: 'last-max', peakRps: 9 });
    expect(ipa.fallbackReason).toMatch(/< the 120 s/);
  });
});

describe('createPresetForecaster', () => {
  it('adds the preset headroom: InfAdapter × 1.1, IPA none unless asked', async () => {
    const history = { nowMs: 0, historyPerSecond: Array.from(syntheticSeries(900)) };
    const raw = lstmForecaster(await loadPretrained('infadapter')).predict(history).peakRps;
    expect((await createPresetForecaster('infadapter')).predict(history).peakRps).toBeCloseTo(raw * HEADROOM.infadapter, 9);
    const ipaRaw = lstmForecaster(await loadPretrained('ipa')).predict(history).peakRps;
    expect((await createPresetForecaster('ipa')).predict(history).peakRps).toBe(ipaRaw);
    expect((await createPresetForecaster('ipa', { headroom: HEADROOM.ipaAudio })).predict(history).peakRps).toBeCloseTo(ipaRaw * 1.2, 9);
  });

  it('gives the shipped upper model when asked for it', async () => {
    const history = { nowMs: 0, historyPerSecond: Array.from(syntheticSeries(900)) };
    const upperRaw = lstmForecaster(await loadPretrained('ipa', 'upper')).predict(history).peakRps;
    expect((await createPresetForecaster('ipa', { kind: 'upper' })).predict(history).peakRps).toBe(upperRaw);
  });

  it('refuses a model directory of the other preset', async () => {
    await expect(createPresetForecaster('ipa', { modelDir: pretrainedDir('infadapter') })).rejects.toThrow(/trained for preset "infadapter", not "ipa"/);
  });
});
