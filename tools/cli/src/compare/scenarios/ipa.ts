import { ConfigError, type Forecaster } from '@infscale/core';
import { OracleForecaster } from '@infscale/forecasting';
import { IPA_PIPELINES, findWindow, ipaAccuracyFraction, loadIpaPipeline, loadTwitterTrace, traceWindow, type IpaPipeline } from '@infscale/profiles';
import { createIpaForecaster, createIpaScaler } from '@infscale/scalers';
import type { BoundPipeline } from '@infscale/solver';
import { upscaleCheckFlag, type ComparisonResult, type Progress, type Scenario, type ScenarioOptions } from '../scenario';
import { ipaRow, ipaSections, paperAverages } from './ipa-report';
import { runIpaSystem, type IpaRun, type IpaSystem } from './ipa-run';
import { ipaTargetLines } from './ipa-targets';

export const IPA_WORKLOADS = ['bursty', 'steady-low', 'steady-high', 'fluctuating'] as const;

function pick(value: string | undefined, fallback: string, known: readonly string[], flag: string): string[] {
  const v = value ?? fallback;
  if (v === 'all') return [...known];
  // ConfigError, not UsageError: program.ts imports the scenario registry, which imports this file.
  if (!known.includes(v)) throw new ConfigError('compare --scenario ipa', [{ path: `--${flag}`, value: v, message: `must be one of ${known.join(', ')} or all` }]);
  return [v];
}

/** The five systems on one arrival series: IPA, the paper's baselines, and IPA with the Oracle. */
export function ipaSystems(lstm: Forecaster, arrivals: readonly number[]): IpaSystem[] {
  const oracle = new OracleForecaster({ series: arrivals, startMs: 0, horizonSeconds: 20 });
  return [
    { name: 'IPA', mode: 'ipa', forecaster: lstm },
    { name: 'FA2-low', mode: 'fa2-low', forecaster: lstm },
    { name: 'FA2-high', mode: 'fa2-high', forecaster: lstm },
    { name: 'RIM', mode: 'rim', forecaster: lstm },
    { name: 'IPA-oracle', mode: 'ipa', forecaster: oracle },
  ];
}

/** The bundled pipeline with accuracies as the scaler counts them and every profiled batch. */
function everyBatch(pipeline: IpaPipeline): BoundPipeline {
  return { stages: pipeline.stages.map((s) => ({ name: s.name, variants: s.variants.map((v) => ({ ...v, accuracy: ipaAccuracyFraction(v.accuracy) })) })) };
}

/** Every system on one pipeline and arrival series → one ComparisonResult (window "<pipeline>/<workload>"). */
export async function compareIpaOn(pipelineName: string, workload: string, arrivals: readonly number[], lstm: Forecaster, seed: number, progress: Progress, config?: Record<string, unknown>): Promise<ComparisonResult> {
  const pipeline = loadIpaPipeline(pipelineName);
  const runs: IpaRun[] = [];
  for (const system of ipaSystems(lstm, arrivals)) runs.push(await runIpaSystem(pipeline, arrivals, { ...system, ...(config ? { config } : {}) }, seed, () => progress.tick()));
  const paper = paperAverages(pipelineName, workload);
  const window = `${pipelineName}/${workload}`;
  const rows = runs.map((r) => ipaRow(r, paper));
  // The bound sees the pipeline as the scaler does (fractions, batch cap), and without the cap.
  const targets = ipaTargetLines({ rows, arrivals, pipeline: createIpaScaler({ profile: pipelineName, mode: 'ipa' }).pipeline, uncapped: everyBatch(pipeline) });
  return { scenario: 'ipa', window, rows, sections: [{ title: 'Targets', text: targets.join('\n') }, ...ipaSections(window, arrivals, runs)] };
}

export const ipaComparison: Scenario = {
  name: 'ipa',
  description: "IPA vs FA2-low, FA2-high, RIM and IPA with the Oracle forecaster on the paper's 20-minute Twitter windows (damped by 8)",
  windows: [],
  upscaleCheck: true,
  async run(options: ScenarioOptions, progress: Progress): Promise<ComparisonResult[]> {
    const pipelines = pick(options.pipeline, 'video', IPA_PIPELINES, 'pipeline');
    const workloads = pick(options.workload, 'bursty', IPA_WORKLOADS, 'workload');
    const config = upscaleCheckFlag(options.upscaleCheck, 'ipa') === 'off' ? { upscaleCheck: 'off' } : undefined;
    const trace = loadTwitterTrace();
    // One LSTM for every run: predict() is pure once the model is loaded.
    const lstm = await createIpaForecaster({ model: 'lstm' });
    const series = new Map(workloads.map((w) => [w, traceWindow(trace, findWindow(w))]));
    const minutesPerRun = Math.ceil((series.get(workloads[0]!)!.length) / 60);
    progress.start(pipelines.length * workloads.length * 5 * minutesPerRun, 'ipa runs (simulated minutes)');
    const results: ComparisonResult[] = [];
    for (const p of pipelines) for (const w of workloads) results.push(await compareIpaOn(p, w, series.get(w)!, lstm, options.seed, progress, config));
    return results;
  },
};
