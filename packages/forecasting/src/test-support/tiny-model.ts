import type { TrainingSettings } from '../presets';
import { trainLstm } from '../lstm/train';
import type { ForecastModel } from '../lstm/forecast-model';
import type { WindowSpec } from '../window-spec';

/** A periodic load with a deterministic wiggle: small enough to train on in well under a second. */
export function syntheticSeries(seconds: number): Float64Array {
  const out = new Float64Array(seconds);
  for (let i = 0; i < seconds; i++) out[i] = Math.round(20 + 10 * Math.sin(i / 40) + ((i * 7919) % 5));
  return out;
}

/** Long enough for a few batches of windows, short enough to train in about a second. */
export const TINY_SECONDS = 600;

export const tinyWindow: WindowSpec = { stepSeconds: 5, inputSteps: 4, horizonSeconds: 5 };
export const tinyTraining: TrainingSettings = {
  units: 4,
  l1: 1e-5,
  epochs: 2,
  batchSize: 16,
  strideSteps: 1,
  seed: 7,
  trainDays: 14,
  encoding: 'log-relative',
};

export function trainTiny(overrides: Partial<TrainingSettings> = {}, preset: 'infadapter' | 'ipa' = 'ipa'): Promise<ForecastModel> {
  return trainLstm({ preset, window: tinyWindow, training: { ...tinyTraining, ...overrides }, series: syntheticSeries(TINY_SECONDS) });
}
