// `npm run noise-floor`: how low SMAPE can go on a preset's test split (default ipa) for a forecaster
// that knew each second's arrival rate (noise-floor/noise-floor.ts). One row per rate window and
// dispersion (Poisson, and the variance measured around that rate), then one JSON line per row.
import { FlagError, refuseUnknownFlags } from '@infscale/core';
import { loadTwitterTrace } from '@infscale/profiles';
import { keptSeconds, splitTrace, undampedTest } from './dataset';
import { smape } from './metrics';
import { burstOnsets, nearOnsets } from './noise-floor/burst-onsets';
import { fitDispersion, noiseFloor } from './noise-floor/noise-floor';
import { loadForecastModel } from './model-io';
import { loadPretrained, lstmForecaster } from './preset-forecasters';
import { findPreset } from './presets';
import { initTensorflow } from './tensorflow';
import { buildWindows } from './windows';

/**
 * Where the shipped point model's SMAPE comes from: the windows around a burst's onset (no forecaster
 * of the past two minutes sees it coming) and the rest (to compare with the floor above).
 */
async function onsetShare(trace: Int32Array, presetName: string, modelDir?: string): Promise<object> {
  const preset = findPreset(presetName);
  const from = preset.training.trainDays * 86_400;
  const test = splitTrace(trace, preset).test;
  const kept = keptSeconds(trace, from, trace.length, preset.damping);
  if (modelDir) await initTensorflow();
  const lstm = lstmForecaster(modelDir ? await loadForecastModel(modelDir, preset.name) : await loadPretrained(preset.name));
  const set = buildWindows(test, preset.window, 1, lstm.features);
  const predicted = lstm.predictWindows(set);
  const near = nearOnsets(
    Array.from(set.ends, (e) => kept[Math.min(e, kept.length - 1)]!),
    burstOnsets(trace),
  );
  const pick = (want: boolean) => {
    const idx = near.flatMap((n, i) => (n === want ? [i] : []));
    return {
      windows: idx.length,
      smape: idx.length
        ? smape(
            idx.map((i) => set.targets[i]!),
            idx.map((i) => predicted[i]!),
          )
        : 0,
    };
  };
  const all = smape(set.targets, predicted);
  const onset = pick(true);
  const rest = pick(false);
  const contribution = (onset.smape * onset.windows) / set.count;
  console.log(
    `\n${preset.name}: ${modelDir ? `the model in ${modelDir}` : 'the shipped point model'}: SMAPE ${all.toFixed(2)} % over ${set.count} windows; ${onset.windows} of them end from 30 s before to 120 s after a burst's onset (${burstOnsets(trace).length} onsets in the trace)`,
  );
  console.log(`  near an onset: ${onset.smape.toFixed(2)} % (${contribution.toFixed(2)} points of the mean); elsewhere: ${rest.smape.toFixed(2)} %`);
  console.log(`  a forecaster exact near every onset and no better elsewhere would score ${((rest.smape * rest.windows) / set.count).toFixed(2)} %`);
  return { case: 'onset-share', preset: preset.name, windows: set.count, smape: all, near: onset, elsewhere: rest, contribution };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`npm run noise-floor -w @infscale/forecasting -- [--preset ipa|infadapter] [--model DIR]

How low SMAPE can go on a preset's test split for a forecaster that knew each second's arrival rate: one row per
rate window and dispersion, then the model's SMAPE near the trace's burst onsets and elsewhere, then one JSON line per row.
  --preset NAME   ipa (default) or infadapter
  --model DIR     the model the onset split scores (default: the preset's shipped point model)`);
    return;
  }
  refuseUnknownFlags(args, { '--preset': 'value', '--model': 'value' });
  const preset = findPreset(args.includes('--preset') ? args[args.indexOf('--preset') + 1] : 'ipa');
  const trace = loadTwitterTrace();
  const undamped = undampedTest(trace, preset);
  const test = splitTrace(trace, preset).test;
  console.log(
    `${preset.name}: noise floor on the test split (${test.length} s, damping ${preset.damping}, target max of the next ${preset.window.horizonSeconds} s)`,
  );
  console.log('rate window s  dispersion  windows  floor SMAPE %  clairvoyant SMAPE %  clairvoyant under %');
  const json: object[] = [];
  for (const rateSeconds of [21, 61, 121]) {
    const measured = fitDispersion(undamped, rateSeconds);
    for (const dispersion of [1, measured]) {
      const floor = noiseFloor(undamped, { window: preset.window, damping: preset.damping, rateSeconds, dispersion });
      const c = floor.clairvoyant;
      console.log(
        `${String(rateSeconds).padStart(13)}  ${dispersion.toFixed(3).padStart(10)}  ${String(floor.windows).padStart(7)}  ${floor.expectedSmape.toFixed(2).padStart(13)}  ${c.smape.toFixed(2).padStart(19)}  ${c.underPredictedPercent.toFixed(2).padStart(19)}`,
      );
      json.push({ case: 'noise-floor', preset: preset.name, rateSeconds, dispersion, windows: floor.windows, floorSmape: floor.expectedSmape, clairvoyant: c });
    }
  }
  // Not a floor: the same forecast from the undamped past only, what a perfect forecaster of the
  // noise could reach without the future rate.
  for (const rateSeconds of [30, 60, 120]) {
    const past = noiseFloor(undamped, {
      window: preset.window,
      damping: preset.damping,
      rateSeconds,
      dispersion: fitDispersion(undamped, 61),
      rateWindow: 'trailing',
    });
    const c = past.clairvoyant;
    console.log(
      `trailing ${String(rateSeconds).padStart(4)}  ${'(61 s fit)'.padStart(10)}  ${String(past.windows).padStart(7)}  ${'–'.padStart(13)}  ${c.smape.toFixed(2).padStart(19)}  ${c.underPredictedPercent.toFixed(2).padStart(19)}`,
    );
    json.push({ case: 'trailing-rate', preset: preset.name, rateSeconds, windows: past.windows, forecast: c });
  }
  // --model DIR: split another model's error (e.g. models/ipa-level) instead of the shipped default's.
  json.push(await onsetShare(trace, preset.name, args.includes('--model') ? args[args.indexOf('--model') + 1] : undefined));
  for (const line of json) console.log(JSON.stringify(line));
}

main().catch((err: unknown) => {
  console.error(err instanceof FlagError ? err.message : err);
  process.exit(1);
});
