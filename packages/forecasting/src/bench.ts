// `npm run bench`: training time, predict latency p50/p99 and the accuracy table per preset, then
// one JSON line per case. `--preset ipa` runs one preset; `--pretrained` skips training and
// measures the shipped models (point and upper).
import { FlagError, refuseUnknownFlags } from '@infscale/core';
import { loadTwitterTrace } from '@infscale/profiles';
import { evaluateAll, evaluateForecaster } from './evaluate';
import { percentile } from './metrics';
import type { ForecastModel } from './lstm/forecast-model';
import type { LstmForecaster } from './lstm/lstm-forecaster';
import { trainLstm } from './lstm/train';
import { loadPretrained, lstmForecaster } from './preset-forecasters';
import { PRESET_NAMES, PRESETS, type Preset, type PresetName } from './presets';
import { splitTrace } from './dataset';
import { initTensorflow } from './tensorflow';
import { inputSeconds } from './window-spec';

const json: object[] = [];
const fixed = (n: number, digits = 2) => n.toFixed(digits).padStart(8);

async function timedTraining(preset: Preset, series: Float64Array): Promise<ForecastModel> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const model = await trainLstm({ preset: preset.name, window: preset.window, training: preset.training, series });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  console.log(
    `${preset.name}: trained on ${model.meta.training.windows} windows (stride ${preset.training.strideSteps}) × ${preset.training.epochs} epochs in ${wallSeconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU`,
  );
  json.push({
    case: 'train',
    preset: preset.name,
    windows: model.meta.training.windows,
    strideSteps: preset.training.strideSteps,
    epochs: preset.training.epochs,
    wallSeconds,
    cpuSeconds,
    finalLoss: model.meta.training.finalLoss,
  });
  return model;
}

/**
 * Latency of one synchronous predict on a realistic history (10 input spans), after a warm-up. The
 * histories are built beforehand so the harness's own garbage is not timed. Wall-clock time includes
 * waiting for a core on a shared machine; the CPU time per call (process.cpuUsage, 1 µs resolution)
 * does not, so both are reported.
 */
function predictLatency(preset: Preset, lstm: LstmForecaster, test: Float64Array): void {
  const span = 10 * inputSeconds(preset.window);
  const histories = Array.from({ length: 256 }, (_, k) => {
    const end = span + ((k * 7_919) % (test.length - span));
    return { nowMs: end * 1000, historyPerSecond: Array.from(test.subarray(end - span, end)) };
  });
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 21_000; i++) {
    const input = histories[i % histories.length];
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    lstm.predict(input);
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    const used = process.cpuUsage(cpuBefore);
    if (i < 1_000) continue;
    wall.push(elapsed);
    cpu.push((used.user + used.system) / 1000);
  }
  const p50Ms = percentile(wall, 0.5);
  const p99Ms = percentile(wall, 0.99);
  const cpuP50Ms = percentile(cpu, 0.5);
  const cpuP99Ms = percentile(cpu, 0.99);
  console.log(
    `${preset.name}: predict p50 ${p50Ms.toFixed(3)} ms, p99 ${p99Ms.toFixed(3)} ms wall; CPU p50 ${cpuP50Ms.toFixed(3)} ms, p99 ${cpuP99Ms.toFixed(3)} ms (${wall.length} calls, history ${span} s)`,
  );
  json.push({ case: 'predict', preset: preset.name, calls: wall.length, historySeconds: span, p50Ms, p99Ms, cpuP50Ms, cpuP99Ms });
}

function accuracyTable(preset: Preset, lstm: LstmForecaster, test: Float64Array, upper?: LstmForecaster): void {
  console.log(`${preset.name}: accuracy on the test split (${test.length} s)`);
  console.log('forecaster   windows   SMAPE %   MAPE %  under %  under p95 req/s  under p95 %');
  const rows = evaluateAll(test, preset.window, lstm);
  if (upper) rows.splice(1, 0, { forecaster: `lstm-q${preset.upperQuantile}`, metrics: evaluateForecaster(upper, test, preset.window) });
  for (const { forecaster, metrics: m } of rows) {
    console.log(
      `${forecaster.padEnd(10)} ${String(m.windows).padStart(9)}  ${fixed(m.smape)} ${fixed(m.mape)} ${fixed(m.underPredictedPercent)} ${fixed(m.underP95Rps)}         ${fixed(m.underP95Percent)}`,
    );
    json.push({ case: 'accuracy', preset: preset.name, forecaster, ...m });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`npm run bench -w @infscale/forecasting -- [--preset ipa|infadapter] [--pretrained]

Training time, predict latency p50/p99 and the accuracy table per preset, then one JSON line per case.
  --preset NAME   one preset only (default: both)
  --pretrained    skip training: measure the shipped models (point and upper)`);
    return;
  }
  refuseUnknownFlags(args, { '--preset': 'value', '--pretrained': 'switch' });
  const only = args.includes('--preset') ? args[args.indexOf('--preset') + 1] : undefined;
  const names = PRESET_NAMES.filter((n) => only === undefined || n === only);
  if (names.length === 0) throw new Error(`--preset must be one of ${PRESET_NAMES.join(', ')}`);
  await initTensorflow();
  const trace = loadTwitterTrace();
  for (const name of names as PresetName[]) {
    const preset = PRESETS[name];
    const { train, test } = splitTrace(trace, preset);
    const pretrained = args.includes('--pretrained');
    const model = pretrained ? await loadPretrained(name) : await timedTraining(preset, train);
    const lstm = lstmForecaster(model);
    predictLatency(preset, lstm, test);
    // The shipped upper (quantile) model is scored next to the point one; training it is `forecast train --upper`.
    accuracyTable(preset, lstm, test, pretrained ? lstmForecaster(await loadPretrained(name, 'upper')) : undefined);
  }
  for (const line of json) console.log(JSON.stringify(line));
}

main().catch((err: unknown) => {
  console.error(err instanceof FlagError ? err.message : err);
  process.exitCode = 1;
});
