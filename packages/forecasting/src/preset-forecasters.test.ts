import { statSync } from 'node:fs';
import { join } from 'node:path';
import { HEADROOM } from './headroom';
import { createPresetForecaster, loadPretrained, lstmForecaster, pretrainedDir } from './preset-forecasters';
import { PRESET_NAMES, PRESETS } from './presets';
import { syntheticSeries } from './test-support/tiny-model';
import { inputSeconds } from './window-spec';

describe('shipped pre-trained models', () => {
  it.each(PRESET_NAMES)('%s loads, is small and predicts finite, positive values', async (name) => {
    const model = await loadPretrained(name);
    expect(model.meta.preset).toBe(name);
    expect(model.meta.window).toEqual(PRESETS[name].window);
    expect(statSync(join(pretrainedDir(name), 'weights.bin')).size).toBeLessThan(16_000);
    const lstm = lstmForecaster(model);
    const history = Array.from(syntheticSeries(2 * inputSeconds(model.meta.window)));
    const forecast = lstm.predict({ nowMs: 0, historyPerSecond: history });
    expect(forecast.method).toBe('lstm');
    expect(Number.isFinite(forecast.peakRps)).toBe(true);
    expect(forecast.peakRps).toBeGreaterThan(0);
  });

  it('fall back to the papers\' warm-up predictors with a short history', async () => {
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

  it('refuses a model directory of the other preset', async () => {
    await expect(createPresetForecaster('ipa', { modelDir: pretrainedDir('infadapter') })).rejects.toThrow(/trained for preset "infadapter", not "ipa"/);
  });
});
