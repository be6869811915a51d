import { join } from 'node:path';
import { prepareSeries } from './dataset';
import { ForecastInputError, ModelFormatError } from './errors';
import type { ForecastModelMeta } from './lstm/forecast-model';
import { PRESETS, type Preset } from './presets';

/**
 * Which windows an evaluation scores.
 * - `issue` (the default): the preset's whole test split (everything after the training days) at the
 *   preset's damping, the figure issue #4 asks about.
 * - `paper`: what the IPA authors' prediction-modules/evaluation.py scores for the paper's SMAPE:
 *   trace seconds [1296000, 1296000 + 20 · 60) (day 15, the first 20 minutes), undamped
 *   (`damping_factor=1`), zero seconds removed; IPA preset only.
 * - `validation`: the last `VALIDATION_DAYS` days of the training split at the preset's damping, for
 *   choosing between variants without looking at the test split; score a model trained with
 *   `trainDays` ≤ the preset's − VALIDATION_DAYS on it (checkValidationModel).
 */
export type ProtocolName = 'issue' | 'paper' | 'validation';
export const PROTOCOL_NAMES: readonly ProtocolName[] = ['issue', 'paper', 'validation'];

/** Days held out at the end of the training split by the `validation` protocol (days 13–14 of the trace's 14). */
export const VALIDATION_DAYS = 2;

/** The IPA paper's evaluation window: evaluation.py's `first_day = 1296000`, `last_day = first_day + 20 * 60`. */
export const PAPER_PROTOCOL = { preset: 'ipa', fromSecond: 1_296_000, seconds: 20 * 60, damping: 1 } as const;

export interface ProtocolSeries {
  protocol: ProtocolName;
  /** Every per-second count of [fromSecond, toSecond) is divided by this (truncating), zero seconds removed. */
  damping: number;
  fromSecond: number;
  toSecond: number;
  /** The prepared series: windows are built over it from its start, as for the test split. */
  series: Float64Array;
  /** One line for the report header. */
  description: string;
}

export function findProtocol(name: string): ProtocolName {
  if (!PROTOCOL_NAMES.includes(name as ProtocolName)) throw new ForecastInputError(`unknown protocol "${name}" (known: ${PROTOCOL_NAMES.join(', ')})`);
  return name as ProtocolName;
}

/** A damping factor is a whole number ≥ 1 (counts are divided by it and truncated); `what` names the setting in the error. */
export function validateDamping(value: number, what = 'damping'): number {
  if (!Number.isInteger(value) || value < 1) throw new ForecastInputError(`${what} must be a whole number ≥ 1, got ${String(value)}`);
  return value;
}

/** The damping an evaluation protocol scores at: the preset's for `issue`, 1 for `paper`. */
export function protocolDamping(protocol: ProtocolName, preset: Preset): number {
  return protocol === 'paper' ? PAPER_PROTOCOL.damping : preset.damping;
}

/**
 * The series a protocol scores. `damping` overrides the protocol's (e.g. the test split
 * undamped, for reference). The paper protocol needs the IPA preset and a trace covering its window.
 */
export function protocolSeries(trace: ArrayLike<number>, preset: Preset, protocol: ProtocolName, damping = protocolDamping(protocol, preset)): ProtocolSeries {
  validateDamping(damping);
  const at =
    damping === protocolDamping(protocol, preset) ? `damping ${damping}` : `damping ${damping} (the protocol's is ${protocolDamping(protocol, preset)})`;
  const span = protocolSpan(trace.length, preset, protocol);
  const series = prepareSeries(trace, span.fromSecond, span.toSecond, damping);
  return { protocol, damping, ...span, series, description: span.describe(series.length, at) };
}

/** The trace seconds [fromSecond, toSecond) a protocol scores, and its header line. */
function protocolSpan(
  traceSeconds: number,
  preset: Preset,
  protocol: ProtocolName,
): { fromSecond: number; toSecond: number; describe: (seconds: number, at: string) => string } {
  const trainEnd = Math.min(traceSeconds, preset.training.trainDays * 86_400);
  if (protocol === 'issue')
    return {
      fromSecond: trainEnd,
      toSecond: traceSeconds,
      describe: (n, at) => `issue protocol: the test split (${n} s after day ${preset.training.trainDays}, ${at}, zero seconds removed)`,
    };
  if (protocol === 'validation') {
    const fromSecond = Math.max(0, trainEnd - VALIDATION_DAYS * 86_400);
    return {
      fromSecond,
      toSecond: trainEnd,
      describe: (n, at) =>
        `validation protocol: the last ${VALIDATION_DAYS} training days (trace seconds [${fromSecond}, ${trainEnd}), ${n} s, ${at}, zero seconds removed)`,
    };
  }
  if (preset.name !== PAPER_PROTOCOL.preset) {
    throw new ForecastInputError(`the paper protocol is IPA's evaluation (preset "${PAPER_PROTOCOL.preset}"), not defined for preset "${preset.name}"`);
  }
  const fromSecond = PAPER_PROTOCOL.fromSecond;
  const toSecond = fromSecond + PAPER_PROTOCOL.seconds;
  if (traceSeconds < toSecond)
    throw new ForecastInputError(`the paper protocol scores trace seconds [${fromSecond}, ${toSecond}), the trace has ${traceSeconds}`);
  return {
    fromSecond,
    toSecond,
    describe: (n, at) =>
      `paper protocol (IPA's evaluation.py): trace seconds [${fromSecond}, ${toSecond}) = day ${fromSecond / 86_400}, first ${PAPER_PROTOCOL.seconds / 60} minutes, ${at}, zero seconds removed: ${n} s`,
  };
}

/** The damping a model was trained at: forecaster.json's `training.damping`, absent for the preset's own. */
export function modelDamping(meta: ForecastModelMeta): number {
  return meta.training.damping ?? PRESETS[meta.preset].damping;
}

/**
 * Refuses a model trained at another damping than the evaluated series': its inputs and targets were
 * on another scale (÷ 8 vs raw counts), so the figure would measure the mismatch, not the forecaster.
 */
export function checkModelDamping(meta: ForecastModelMeta, damping: number): void {
  const trained = modelDamping(meta);
  if (trained !== damping) throw new ModelFormatError(`the model was trained at damping ${trained}, the evaluated series is at damping ${damping}`);
}

/**
 * Refuses scoring a model on the validation days when it was trained on them: train it with
 * `trainDays` ≤ the preset's − VALIDATION_DAYS (`forecast train --train-days 12` for the 14-day presets).
 */
export function checkValidationModel(meta: ForecastModelMeta): void {
  const held = PRESETS[meta.preset].training.trainDays - VALIDATION_DAYS;
  if (meta.training.trainDays > held)
    throw new ModelFormatError(`the model was trained on the first ${meta.training.trainDays} days, which include the validation days (after day ${held})`);
}

/** The shipped model of the paper protocol: the IPA point settings trained on the undamped first 14 days. */
export function paperProtocolModelDir(): string {
  return join(__dirname, '..', 'models', 'ipa-paper-protocol');
}
