// `npm run noise-floor`: how low SMAPE can go on a preset's test split (default ipa) for a forecaster
// that knew each second's arrival rate (noise-floor/noise-floor.ts). One row per rate window and
// dispersion (Poisson, and the variance measured around that rate), then one JSON line per row.
import { loadTwitterTrace } from '@infscale/profiles';
import { splitTrace, undampedTest } from './dataset';
import { fitDispersion, noiseFloor } from './noise-floor/noise-floor';
import { findPreset } from './presets';

function main(): void {
  const args = process.argv.slice(2);
  const preset = findPreset(args.includes('--preset') ? args[args.indexOf('--preset') + 1] : 'ipa');
  const trace = loadTwitterTrace();
  const undamped = undampedTest(trace, preset);
  const test = splitTrace(trace, preset).test;
  console.log(`${preset.name}: noise floor on the test split (${test.length} s, damping ${preset.damping}, target max of the next ${preset.window.horizonSeconds} s)`);
  console.log('rate window s  dispersion  windows  floor SMAPE %  clairvoyant SMAPE %  clairvoyant under %');
  const json: object[] = [];
  for (const rateSeconds of [21, 61, 121]) {
    const measured = fitDispersion(undamped, rateSeconds);
    for (const dispersion of [1, measured]) {
      const floor = noiseFloor(undamped, { window: preset.window, damping: preset.damping, rateSeconds, dispersion });
      const c = floor.clairvoyant;
      console.log(`${String(rateSeconds).padStart(13)}  ${dispersion.toFixed(3).padStart(10)}  ${String(floor.windows).padStart(7)}  ${floor.expectedSmape.toFixed(2).padStart(13)}  ${c.smape.toFixed(2).padStart(19)}  ${c.underPredictedPercent.toFixed(2).padStart(19)}`);
      json.push({ case: 'noise-floor', preset: preset.name, rateSeconds, dispersion, windows: floor.windows, floorSmape: floor.expectedSmape, clairvoyant: c });
    }
  }
  // Not a floor: the same forecast from the undamped past only, what a perfect forecaster of the
  // noise could reach without the future rate.
  for (const rateSeconds of [30, 60, 120]) {
    const past = noiseFloor(undamped, { window: preset.window, damping: preset.damping, rateSeconds, dispersion: fitDispersion(undamped, 61), rateWindow: 'trailing' });
    const c = past.clairvoyant;
    console.log(`trailing ${String(rateSeconds).padStart(4)}  ${'(61 s fit)'.padStart(10)}  ${String(past.windows).padStart(7)}  ${'–'.padStart(13)}  ${c.smape.toFixed(2).padStart(19)}  ${c.underPredictedPercent.toFixed(2).padStart(19)}`);
    json.push({ case: 'trailing-rate', preset: preset.name, rateSeconds, windows: past.windows, forecast: c });
  }
  for (const line of json) console.log(JSON.stringify(line));
}

main();
