import { ConfigError, type Forecaster } from '@infscale/core';
import { OracleForecaster } from '@infscale/forecasting';
import { IPA_PIPELINES, findWindow, ipaAccuracyFraction, loadIpaPipeline, loadTwitterTrace, traceWindow, type IpaPipeline } from '@infscale/profiles';
import { createIpaForecaster, createIpaScaler } from '@infscale/scalers';
import type { BoundPipeline } from '@infscale/solver';
import {
  compareModeFlag,
  jsonObjectFlag,
  onOffFlag,
  upscaleCheckFlag,
  type CompareMode,
  type ComparisonResult,
  type ComparisonRow,
  type Progress,
  type Scenario,
  type ScenarioOptions,
} from '../scenario';
import { namedList, unknownNamesMessage } from '../named-list';
import { ipaRow, ipaSections, paperMethodRow, paperMode, paperSeries, type PaperSeries } from './report';
import { runIpaSystem, type IpaRun, type IpaSystem } from './run';
import { gainCaptured, ipaFrontier, ipaTargetLines, IPA_TARGETS, type IpaTargetInput } from './targets';

/** The paper's four windows (damped by 8). */
export const IPA_WORKLOADS = ['bursty', 'steady-low', 'steady-high', 'fluctuating'] as const;
/** Held out from tuning (issue #19), damped by 8: part of `--workload all`. */
export const IPA_HOLDOUT_WORKLOADS = ['holdout-surge-d8', 'holdout-noon-d8'] as const;
/** The training split's tuning windows, damped by 8: only when named. */
export const IPA_TRAINING_WORKLOADS = ['train-surge-d8', 'train-noon-d8'] as const;

function pick(value: string | undefined, fallback: string, all: readonly string[], flag: string, also: readonly string[] = []): string[] {
  const { names, unknown } = namedList(value ?? fallback, all, also);
  // A ConfigError names the flag; the command line prints it and exits with code 2.
  if (unknown.length > 0)
    throw new ConfigError('compare --scenario ipa', [{ path: `--${flag}`, value: value ?? fallback, message: unknownNamesMessage(unknown, all, also) }]);
  return names;
}

/** The rows the paper measured, by name and scaler mode. */
const PAPER_SYSTEMS = [
  ['IPA', 'ipa'],
  ['FA2-low', 'fa2-low'],
  ['FA2-high', 'fa2-high'],
  ['RIM', 'rim'],
] as const;

/**
 * A series' own settings (the revision's runs): its α and β, the product of accuracies as fractions
 * (video) or of normalized ranks with a 0.05 floor (the others), and the paper's loop: decide every
 * 10 s only, no backlog term, no forecast floor.
 */
export function paperModeConfig(s: PaperSeries): Record<string, unknown> {
  return {
    objective: { alpha: s.alpha, beta: s.beta, accuracy: 'pas', values: s.normalize ? 'rank' : 'fraction', rankFloor: 0.05 },
    upscaleCheck: 'off',
    drainBacklog: false,
    forecast: { floor: 'none' },
  };
}

/**
 * The systems on one arrival series. improved (and both): IPA and IPA with the Oracle with the improved
 * method (opt-in: the scaler's default is the paper's); paper (and both): IPA and IPA-oracle with the paper's method, named
 * "(method: paper)" beside the improved ones; then the paper's baselines with our defaults; and, in
 * paper and both, each system the paper measured on this window again, with that series' settings.
 */
export function ipaSystems(
  lstm: Forecaster,
  arrivals: readonly number[],
  paper: Map<string, PaperSeries> = new Map(),
  mode: CompareMode = 'both',
): IpaSystem[] {
  const oracle = new OracleForecaster({ series: arrivals, startMs: 0, horizonSeconds: 20 });
  const improved = { method: 'improved' };
  const paperMethod = { method: 'paper' };
  const named = (system: string): string => (mode === 'both' ? paperMethodRow(system) : system);
  const systems: IpaSystem[] = [
    ...(mode !== 'paper' ? [{ name: 'IPA', mode: 'ipa' as const, forecaster: lstm, config: improved }] : []),
    ...(mode !== 'improved' ? [{ name: named('IPA'), mode: 'ipa' as const, forecaster: lstm, config: paperMethod }] : []),
    { name: 'FA2-low', mode: 'fa2-low', forecaster: lstm },
    { name: 'FA2-high', mode: 'fa2-high', forecaster: lstm },
    { name: 'RIM', mode: 'rim', forecaster: lstm },
    ...(mode !== 'paper' ? [{ name: 'IPA-oracle', mode: 'ipa' as const, forecaster: oracle, config: improved }] : []),
    ...(mode !== 'improved' ? [{ name: named('IPA-oracle'), mode: 'ipa' as const, forecaster: oracle, config: paperMethod }] : []),
  ];
  if (mode === 'improved') return systems;
  for (const [name, scalerMode] of PAPER_SYSTEMS) {
    const series = paper.get(name);
    if (series) systems.push({ name: paperMode(name), mode: scalerMode, forecaster: lstm, config: { ...paperModeConfig(series), ...paperMethod } });
  }
  return systems;
}

/** The frontier's row: the whole-replica PAS bound at 1.10 × FA2-low's cores, with the 1 % it may leave. */
function frontierRow(input: IpaTargetInput, alpha: number, beta: number): ComparisonRow | undefined {
  const f = ipaFrontier(input);
  if (!f?.bound.feasible) return undefined;
  const { pas, meanCores } = f.bound;
  return {
    system: 'frontier',
    sloViolationPct: IPA_TARGETS.maxViolationPct,
    p99LatencyMs: NaN,
    meanCores,
    coreSeconds: meanCores * input.arrivals.length,
    accuracy: 100 * pas,
    objective: alpha * pas - beta * meanCores,
  };
}

/** The bundled pipeline with accuracies as the scaler counts them and every profiled batch. */
function everyBatch(pipeline: IpaPipeline): BoundPipeline {
  return { stages: pipeline.stages.map((s) => ({ name: s.name, variants: s.variants.map((v) => ({ ...v, accuracy: ipaAccuracyFraction(v.accuracy) })) })) };
}

/** Every system on one pipeline and arrival series → one ComparisonResult (window "<pipeline>/<workload>"). */
export async function compareIpaOn(
  pipelineName: string,
  workload: string,
  arrivals: readonly number[],
  lstm: Forecaster,
  seed: number,
  progress: Progress,
  config?: Record<string, unknown>,
  mode: CompareMode = 'both',
): Promise<ComparisonResult> {
  const pipeline = loadIpaPipeline(pipelineName);
  const paper = paperSeries(pipelineName, workload);
  const runs: IpaRun[] = [];
  for (const system of ipaSystems(lstm, arrivals, paper, mode)) {
    // A paper-mode system's own settings win over the command's (e.g. --upscale-check).
    runs.push(await runIpaSystem(pipeline, arrivals, { ...system, config: { ...config, ...system.config } }, seed, () => progress.tick()));
  }
  const window = `${pipelineName}/${workload}`;
  const rows = runs.map((r) => ipaRow(r, paper));
  // The bound sees the pipeline as the scaler does (fractions, batch cap), and without the cap.
  const scaler = createIpaScaler({ profile: pipelineName, mode: 'ipa' }).pipeline;
  const input: IpaTargetInput = { rows, arrivals, pipeline: scaler, uncapped: everyBatch(pipeline) };
  const frontier = frontierRow(input, scaler.alpha, scaler.beta);
  const low = rows.find((r) => r.system === 'FA2-low');
  if (frontier && low) {
    for (const ipa of rows.filter((r) => r.system === 'IPA' || r.system === paperMethodRow('IPA')))
      ipa.gainCaptured = gainCaptured(ipa.accuracy, low.accuracy, frontier.accuracy);
    rows.push(frontier);
  }
  const targets = ipaTargetLines(input);
  return { scenario: 'ipa', window, rows, sections: [{ title: 'Targets', text: targets.join('\n') }, ...ipaSections(window, arrivals, runs)] };
}

/**
 * The arrivals of each workload: the paper's windows (damped by 8, as the paper ran them), or a
 * user's trace as given (no damping: --scale shapes it). A trace named like a paper window is
 * labelled file:<name> so no paper row is matched to it.
 */
function workloadSeries(options: ScenarioOptions): Map<string, readonly number[]> {
  const { trace } = options;
  if (trace) {
    if (options.workload !== undefined)
      throw new ConfigError('compare --scenario ipa', [
        { path: '--workload', value: options.workload, message: 'give either --workload or a trace file, not both' },
      ]);
    const name = ([...IPA_WORKLOADS, ...IPA_HOLDOUT_WORKLOADS, ...IPA_TRAINING_WORKLOADS] as readonly string[]).includes(trace.name)
      ? `file:${trace.name}`
      : trace.name;
    return new Map([[name, trace.arrivals]]);
  }
  const twitter = loadTwitterTrace();
  const workloads = pick(options.workload, 'bursty', [...IPA_WORKLOADS, ...IPA_HOLDOUT_WORKLOADS], 'workload', IPA_TRAINING_WORKLOADS);
  return new Map(workloads.map((w) => [w, traceWindow(twitter, findWindow(w))]));
}

export const ipaComparison: Scenario = {
  name: 'ipa',
  description:
    "IPA (the improved method and the paper's) vs FA2-low, FA2-high, RIM, IPA with the Oracle forecaster, the same systems with the paper's settings, and the frontier, on the paper's 20-minute Twitter windows (damped by 8)",
  windows: [],
  reads: ['pipeline', 'workload', 'mode', 'decideWhileWaiting', 'improvedSettings', 'upscaleCheck'],
  async run(options: ScenarioOptions, progress: Progress): Promise<ComparisonResult[]> {
    if (options.profile) {
      throw new ConfigError('compare --scenario ipa', [
        {
          path: '--profile-file',
          value: options.profile.file,
          message:
            "the IPA comparison runs the paper's pipelines only; a pipeline of your own is described in the ipa scaler's config (stages with their variants) for the cluster",
        },
      ]);
    }
    const pipelines = pick(options.pipeline, 'video', IPA_PIPELINES, 'pipeline');
    // Only the improved method's rows read `improved` (the paper's and the baselines' ignore it).
    const improved = {
      ...jsonObjectFlag('--improved-settings', options.improvedSettings, 'ipa'),
      ...(onOffFlag('--decide-while-waiting', options.decideWhileWaiting, 'ipa') === 'off' ? { decideWhileWaiting: false } : {}),
    };
    const config = {
      ...(upscaleCheckFlag(options.upscaleCheck, 'ipa') === 'off' ? { upscaleCheck: 'off' } : {}),
      ...(Object.keys(improved).length > 0 ? { improved } : {}),
    };
    // A bad setting names its field before any run starts.
    createIpaScaler({ ...config, profile: pipelines[0], method: 'improved' });
    const mode = compareModeFlag(options.mode, 'ipa');
    const series = workloadSeries(options);
    const workloads = [...series.keys()];
    // One LSTM for every run: predict() is pure once the model is loaded.
    const lstm = await createIpaForecaster({ model: 'lstm' });
    const minutesPerRun = Math.ceil(series.get(workloads[0]!)!.length / 60);
    // IPA and IPA-oracle once per method run, the three baselines, the paper's series (at most one per system).
    const systemCount = (mode === 'both' ? 7 : 5) + (mode === 'improved' ? 0 : PAPER_SYSTEMS.length);
    progress.start(pipelines.length * workloads.length * systemCount * minutesPerRun, 'ipa runs (simulated minutes)');
    const results: ComparisonResult[] = [];
    for (const p of pipelines) for (const w of workloads) results.push(await compareIpaOn(p, w, series.get(w)!, lstm, options.seed, progress, config, mode));
    return results;
  },
};
