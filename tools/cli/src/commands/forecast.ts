import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  INPUT_FEATURE_KINDS,
  DEFAULT_INPUT_FEATURES,
  ENCODINGS,
  ForecastInputError,
  MODEL_FILES,
  ModelFormatError,
  PRESET_NAMES,
  PRESETS,
  PROTOCOL_NAMES,
  checkModelDamping,
  checkValidationModel,
  evaluateAll,
  evaluateForecaster,
  withHeadroom,
  initTensorflow,
  loadForecastModel,
  loadPretrained,
  lstmForecaster,
  modelDamping,
  paperProtocolModelDir,
  prepareSeries,
  pretrainedDir,
  protocolSeries,
  saveForecastModel,
  splitTrace,
  trainLstm,
  validateInputFeatures,
  VALIDATION_DAYS,
  type InputFeature,
  type Encoding,
  type EvaluationRow,
  type PresetName,
  type PretrainedKind,
  type ProtocolName,
  type ProtocolSeries,
} from '@infscale/forecasting';
import { loadTwitterTrace } from '@infscale/profiles';
import { optionalNumberFlag } from '../number-flag';
import { UsageError, type Io } from '../program';
import { formatTable } from '../table';
import { trainingProgress } from './forecast-progress';
import { withFileFlagAsync } from './file-errors';
import { checkOutputFolder } from './output-file';
import type { RegisterCommand } from './index';
import { addTraceFileOptions, refuseWithoutFile, resolveTraceFile, type TraceFileFlags } from './trace-source';

function parsePreset(raw: string | undefined): PresetName {
  if (!PRESET_NAMES.includes(raw as PresetName)) throw new UsageError(`--preset must be one of ${PRESET_NAMES.join(', ')}, got "${raw ?? ''}"`);
  return raw as PresetName;
}

const parsePositiveInt = (flag: string, raw: string | undefined) => optionalNumberFlag(flag, raw, { integer: true, min: 1, max: 1_000_000 });

async function loadModelFlag(preset: PresetName, dir: string | undefined, kind: PretrainedKind) {
  try {
    return dir === undefined ? await loadPretrained(preset, kind) : await loadForecastModel(dir, preset);
  } catch (err) {
    if (err instanceof ModelFormatError) throw new UsageError(`--model: ${err.message}`);
    throw err;
  }
}

function parseProtocol(raw: string | undefined): ProtocolName {
  if (raw === undefined) return 'issue';
  if (!PROTOCOL_NAMES.includes(raw as ProtocolName)) throw new UsageError(`--protocol must be one of ${PROTOCOL_NAMES.join(', ')}, got "${raw}"`);
  return raw as ProtocolName;
}

interface TrainFlags extends TraceFileFlags {
  preset?: string;
  out?: string;
  epochs?: string;
  stride?: string;
  seed?: string;
  encoding?: string;
  quantile?: string;
  features?: string;
  trainDays?: string;
  upper?: boolean;
  fine?: boolean;
  damping?: string;
  force?: boolean;
  json?: boolean;
}

/** --out must be a folder that can be written and, unless --force, holds no model yet: checked before the training. */
function checkModelFolder(out: string, force: boolean | undefined): void {
  checkOutputFolder('--out', out);
  const held = Object.values(MODEL_FILES).filter((f) => existsSync(join(out, f)));
  if (held.length > 0 && !force)
    throw new UsageError(`--out ${out} holds a trained model (${held.join(', ')}): choose another --out or pass --force to replace it`);
}

/** `--features max,mean,level600`: what the LSTM reads at each input step. */
function parseFeatures(raw: string | undefined): InputFeature[] | undefined {
  if (raw === undefined) return undefined;
  try {
    return validateInputFeatures(
      raw.split(',').map((f) => f.trim()),
      '--features',
    );
  } catch (err) {
    if (err instanceof ForecastInputError) throw new UsageError(err.message);
    throw err;
  }
}

async function train(flags: TrainFlags, io: Io): Promise<void> {
  const preset = PRESETS[parsePreset(flags.preset)];
  if (!flags.out) throw new UsageError('--out DIR is required: the folder to write the model to');
  refuseWithoutFile(flags, ['from', 'to', 'scale', 'smooth', 'column', 'timestampColumn']);
  const file = flags.traceFile === undefined ? undefined : resolveTraceFile({ ...flags, traceFile: flags.traceFile });
  // A user's counts are the load as it is: damped only when asked (the preset's ÷ 8 is IPA's for the Twitter trace).
  const damping = parsePositiveInt('--damping', flags.damping) ?? (file ? 1 : preset.damping);
  if (flags.fine && !preset.fine)
    throw new UsageError(
      `--fine: preset ${preset.name} has no fine model (only ${Object.values(PRESETS)
        .filter((p) => p.fine)
        .map((p) => p.name)
        .join(', ')})`,
    );
  if (flags.fine && flags.upper) throw new UsageError('--fine and --upper are two different models: pass one of them');
  const fine = flags.fine ? preset.fine : undefined;
  const window = fine?.window ?? preset.window;
  const training = {
    ...preset.training,
    epochs: parsePositiveInt('--epochs', flags.epochs) ?? fine?.epochs ?? preset.training.epochs,
    strideSteps: parsePositiveInt('--stride', flags.stride) ?? fine?.strideSteps ?? preset.training.strideSteps,
    seed: parsePositiveInt('--seed', flags.seed) ?? preset.training.seed,
    encoding: parseEncoding(flags.encoding) ?? preset.training.encoding,
    quantile: parseQuantile(flags.quantile) ?? (flags.upper ? preset.upperQuantile : preset.training.quantile),
    features: parseFeatures(flags.features) ?? preset.training.features,
    trainDays: optionalNumberFlag('--train-days', flags.trainDays, { integer: true, min: 1, max: preset.training.trainDays }) ?? preset.training.trainDays,
  };
  if (file && flags.trainDays !== undefined)
    throw new UsageError('--train-days picks days of the Twitter trace: with --trace-file, pick the seconds with --from/--to');
  await initTensorflow();
  const series = file ? prepareSeries(file.values, 0, file.values.length, damping) : splitTrace(loadTwitterTrace(), { ...preset, damping, training }).train;
  if (file) needWindows(flags, preset, series.length, damping, 'train');
  // The inputs first (their errors say more), then the output, both before the training.
  checkModelFolder(flags.out, flags.force);
  const progress = trainingProgress(io, `training ${preset.name}`);
  const started = Date.now();
  const model = await trainLstm({ preset: preset.name, window, training, series, damping, onProgress: progress.update }).finally(progress.stop);
  const seconds = (Date.now() - started) / 1000;
  // A file-system error names --out (exit 2); anything else (tfjs' own) stays what it is.
  const out = flags.out;
  await withFileFlagAsync('--out', out, () => saveForecastModel(out, model));
  const loss = training.quantile === undefined ? 'mse' : `pinball τ=${training.quantile}`;
  const source = file ? `${file.window.name} (${series.length} s with load)` : `first ${training.trainDays} days of the trace`;
  const summary = {
    preset: preset.name,
    out: flags.out,
    trace: file ? file.window.name : 'twitter',
    damping,
    windows: model.meta.training.windows,
    epochs: training.epochs,
    strideSteps: training.strideSteps,
    seed: training.seed,
    encoding: training.encoding,
    features: (training.features ?? DEFAULT_INPUT_FEATURES).join(','),
    loss,
    finalLoss: model.meta.training.finalLoss,
    trainingSeconds: seconds,
  };
  if (flags.json) return io.out(JSON.stringify(summary));
  io.out(
    `trained the ${preset.name} LSTM on ${summary.windows} windows (stride ${training.strideSteps}, ${source} at damping ${damping}, ${training.encoding}, blocks' ${summary.features}, ${loss}) in ${seconds.toFixed(1)} s, final loss ${summary.finalLoss.toPrecision(3)}; saved to ${flags.out}`,
  );
}

function parseEncoding(raw: string | undefined): Encoding | undefined {
  if (raw === undefined) return undefined;
  if (!ENCODINGS.includes(raw as Encoding)) throw new UsageError(`--encoding must be one of ${ENCODINGS.join(', ')}, got "${raw}"`);
  return raw as Encoding;
}

/** A quantile of the pinball loss, e.g. 0.85. */
const parseQuantile = (raw: string | undefined) => optionalNumberFlag('--quantile', raw, { above: 0, below: 1 });

interface EvalFlags extends TraceFileFlags {
  preset?: string;
  model?: string;
  upper?: boolean;
  fine?: boolean;
  stride?: string;
  headroom?: string;
  history?: string;
  protocol?: string;
  damping?: string;
  allowDampingMismatch?: boolean;
  json?: boolean;
}

/** A UsageError when a file's series is too short for one window of the preset (input and horizon). */
function needWindows(flags: TraceFileFlags, preset: (typeof PRESETS)[PresetName], seconds: number, damping: number, what: 'train' | 'score'): void {
  const needed = preset.window.inputSteps * preset.window.stepSeconds + preset.window.horizonSeconds;
  if (seconds <= needed)
    throw new UsageError(
      `--trace-file ${flags.traceFile}: ${seconds} seconds with load (after damping ${damping}) are too few to ${what} the ${preset.name} LSTM, which needs more than ${needed}`,
    );
}

/** A trace file scored whole (every window of it), as the issue protocol scores the test split. */
function fileSeries(flags: TraceFileFlags & { traceFile: string }, damping: number): Omit<ProtocolSeries, 'protocol'> & { protocol: 'file' } {
  const { window, values } = resolveTraceFile(flags);
  const series = prepareSeries(values, 0, values.length, damping);
  const { from, to } = window.segments[0]!;
  return {
    protocol: 'file',
    damping,
    fromSecond: from,
    toSecond: to,
    series,
    description: `${window.name}: ${series.length} s with load of ${values.length} (damping ${damping}, zero seconds removed)`,
  };
}

/** A factor on the forecast (e.g. 1.1). */
const parseHeadroom = (raw: string | undefined) => optionalNumberFlag('--headroom', raw, { min: 1, max: 100 });

async function evaluate(flags: EvalFlags, io: Io): Promise<void> {
  const preset = PRESETS[parsePreset(flags.preset)];
  const protocol = parseProtocol(flags.protocol);
  const stride = parsePositiveInt('--stride', flags.stride) ?? 1;
  const headroom = parseHeadroom(flags.headroom);
  const history = optionalNumberFlag('--history', flags.history, { integer: true, min: 1, max: 86_400 });
  const dampingFlag = parsePositiveInt('--damping', flags.damping);
  if (protocol === 'paper' && preset.name !== 'ipa')
    throw new UsageError(`--protocol paper is the IPA paper's evaluation: it needs --preset ipa, got "${preset.name}"`);
  if (protocol === 'paper' && flags.upper && flags.model === undefined)
    throw new UsageError('--upper: no upper model is shipped for --protocol paper; pass --model DIR');
  if (flags.fine && (!preset.fine || protocol === 'paper'))
    throw new UsageError(`--fine: no fine model is shipped for preset ${preset.name}${protocol === 'paper' ? ' and --protocol paper' : ''}`);
  if (flags.fine && flags.upper) throw new UsageError('--fine and --upper are two different models: pass one of them');
  const kind: PretrainedKind = flags.upper ? 'upper' : flags.fine ? 'fine' : 'point';
  const source = flags.model ?? (protocol === 'paper' ? paperProtocolModelDir() : pretrainedDir(preset.name, kind));
  refuseWithoutFile(flags, ['from', 'to', 'scale', 'smooth', 'column', 'timestampColumn']);
  if (flags.traceFile !== undefined && flags.protocol !== undefined)
    throw new UsageError(`--protocol scores windows of the Twitter trace: give either --protocol ${flags.protocol} or --trace-file, not both`);
  await initTensorflow();
  const model = await loadModelFlag(preset.name, flags.model ?? (protocol === 'paper' ? source : undefined), kind);
  const trainedAt = modelDamping(model.meta);
  // A file is scored whole, at the model's damping unless told otherwise (its inputs were on that scale).
  const scored =
    flags.traceFile === undefined
      ? protocolSeries(loadTwitterTrace(), preset, protocol, dampingFlag)
      : fileSeries({ ...flags, traceFile: flags.traceFile }, dampingFlag ?? trainedAt);
  if (flags.traceFile !== undefined) needWindows(flags, preset, scored.series.length, scored.damping, 'score');
  if (!flags.allowDampingMismatch) {
    try {
      checkModelDamping(model.meta, scored.damping);
    } catch (err) {
      if (!(err instanceof ModelFormatError)) throw err;
      const which = flags.model === undefined ? `the shipped model ${source}` : `--model ${source}`;
      throw new UsageError(
        `${which}: ${err.message} (--protocol ${protocol}${dampingFlag === undefined ? '' : ` --damping ${dampingFlag}`}): ` +
          `use a model trained with \`forecast train --preset ${preset.name} --damping ${scored.damping}\`, or pass --allow-damping-mismatch to score it anyway`,
      );
    }
  }
  if (protocol === 'validation') {
    try {
      checkValidationModel(model.meta);
    } catch (err) {
      if (!(err instanceof ModelFormatError)) throw err;
      throw new UsageError(
        `--protocol validation: ${flags.model === undefined ? `the shipped model ${source}` : `--model ${source}`}: ${err.message}; ` +
          `score a model trained with \`forecast train --preset ${preset.name} --train-days ${preset.training.trainDays - VALIDATION_DAYS}\``,
      );
    }
  }
  const { series } = scored;
  const lstm = lstmForecaster(model);
  const rows: EvaluationRow[] = evaluateAll(series, preset.window, lstm, stride);
  if (headroom !== undefined) {
    // The raw forecasts are scored above; this row shows what a scaler's margin buys and costs.
    rows.splice(1, 0, { forecaster: `lstm×${headroom}`, metrics: evaluateForecaster(withHeadroom(lstm, headroom), series, preset.window, stride) });
  }
  if (history !== undefined) {
    // What a caller keeping only this much history gets (the IPA scaler keeps 120 s): through predict().
    rows.splice(1, 0, { forecaster: `lstm@${history}s`, metrics: evaluateForecaster(lstm, series, preset.window, stride, history) });
  }
  if (flags.json) {
    return io.out(
      JSON.stringify({
        preset: preset.name,
        protocol: scored.protocol,
        damping: scored.damping,
        fromSecond: scored.fromSecond,
        toSecond: scored.toSecond,
        model: source,
        modelDamping: trainedAt,
        testSeconds: series.length,
        strideSteps: stride,
        rows,
      }),
    );
  }
  io.out(
    `${preset.name} preset, ${scored.description}; model ${source} (trained at damping ${trainedAt}${trainedAt === scored.damping ? '' : ', mismatch allowed'})`,
  );
  io.out(
    formatTable(
      ['forecaster', 'windows', 'SMAPE %', 'MAPE %', 'under-predicted %', 'under p95 req/s', 'under p95 %'],
      rows.map(({ forecaster, metrics: m }) => [forecaster, m.windows, m.smape, m.mape, m.underPredictedPercent, m.underP95Rps, m.underP95Percent]),
    ),
  );
}

export const registerForecast: RegisterCommand = (program: Command, io: Io) => {
  const forecast = program
    .command('forecast')
    .description('Train and evaluate the load forecasters (LSTM, EWMA, last-max, oracle) on the Twitter trace or your own (--trace-file)');
  const trainCommand = forecast
    .command('train')
    .description('Train the LSTM of a preset on the first 14 days of the trace and save it (TensorFlow.js format)')
    .requiredOption('--preset <name>', `${PRESET_NAMES.join(' | ')}`)
    .option('--out <dir>', 'folder to write model.json, weights.bin and forecaster.json to (refused if it holds a model, unless --force)')
    .option('--force', 'replace the model in --out if there is one')
    .option('--epochs <n>', "epochs (default: the preset's 30)")
    .option('--stride <n>', "keep every n-th training window (default: the preset's)")
    .option('--seed <n>', 'seed of the initializers and the shuffle (default 42)')
    .option('--encoding <e>', `${ENCODINGS.join(' | ')} (default: the preset's)`)
    .option(
      '--quantile <tau>',
      "train with the pinball loss at this quantile in (0, 1) (default: the preset's, τ 0.5, the median; with --upper its upper quantile)",
    )
    .option(
      '--features <list>',
      `what the LSTM reads at each input step (block max, block mean, mean of the last S seconds), comma-separated from ${INPUT_FEATURE_KINDS.join(', ')}, starting with max (default: the preset's)`,
    )
    .option('--train-days <n>', "train on the first n days of the trace only (default: the preset's 14); 12 keeps the validation days out")
    .option('--upper', "the preset's upper model: pinball loss at its upperQuantile, as shipped in models/<preset>-upper")
    .option('--fine', "the preset's fine model (infadapter): the same span in finer input blocks, as shipped in models/<preset>-fine")
    .option(
      '--damping <n>',
      "divide the training counts by n, truncating (default: the preset's, IPA 8; 1 with --trace-file); --damping 1 trains the IPA model of --protocol paper",
    )
    .option('--json', 'print one JSON object');
  addTraceFileOptions(trainCommand, {
    traceFile:
      'train on your own trace (every second of it, after --from/--to) instead of the first 14 days of the Twitter trace; keep the seconds you will score with `forecast eval` out (--from/--to)',
  }).action((opts: TrainFlags) => train(opts, io));
  const evalCommand = forecast
    .command('eval')
    .description(
      "SMAPE, MAPE, share of under-predicted windows and the p95 under-prediction of every forecaster on the test split (or the IPA paper's window: --protocol paper)",
    )
    .requiredOption('--preset <name>', `${PRESET_NAMES.join(' | ')}`)
    .option('--model <dir>', 'a model written by `forecast train` (default: the shipped one)')
    .option('--upper', 'without --model: the shipped upper (quantile) model instead of the point one')
    .option('--fine', "without --model: the shipped fine model (infadapter; scored at the point model's windows)")
    .option('--stride <n>', 'score every n-th test window only (default 1: all)')
    .option('--headroom <factor>', 'also score the LSTM with this margin (InfAdapter uses 1.1, IPA audio 1.2)')
    .option('--history <seconds>', 'also score the LSTM given only the last n seconds of history at each window (row lstm@<n>s; the IPA scaler passes 120)')
    .option(
      '--protocol <name>',
      `${PROTOCOL_NAMES.join(' | ')}: issue = the preset's whole test split at its damping (default); ` +
        "paper = IPA's evaluation.py: trace seconds [1296000, 1297200) at damping 1 (ipa only; default model models/ipa-paper-protocol); " +
        'validation = the last 2 training days (days 13-14), for choosing between variants: needs a model trained with --train-days 12',
    )
    .option('--damping <n>', "score the series at this damping instead of the protocol's (issue: the preset's, paper: 1)")
    .option('--allow-damping-mismatch', 'score a model trained at another damping than the scored series (refused by default)')
    .option('--json', 'print one JSON object');
  addTraceFileOptions(evalCommand, {
    traceFile: "score every window of your own trace (after --from/--to) instead of a protocol's, at the model's damping unless --damping says otherwise",
  }).action((opts: EvalFlags) => evaluate(opts, io));
};
