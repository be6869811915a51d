import { z } from 'zod';
import { parseConfig, type Pipeline, type Stage, type Variant } from '@infscale/core';
import { readCsv, readJson } from './csv';
import { DataError } from './data-error';
import { bundledDataDir, dataFile } from './paths';

/** An IPA variant: profile points at its base allocation, raw accuracy and its normalized rank. */
export interface IpaVariant extends Variant {
  baseCores: number;
  /** 0 for the least accurate variant of the stage … 1 for the most accurate. */
  accuracyRank: number;
}

export interface IpaStage extends Stage {
  variants: IpaVariant[];
  stageSlaMs: number;
}

/** A pipeline with the optimizer and runtime settings the IPA paper used for it. */
export interface IpaPipeline extends Pipeline {
  stages: IpaStage[];
  settings: {
    alpha: number;
    beta: number;
    gamma: number;
    batchCap: number;
    scalingCap: number;
    /** Forecast headroom in percent (0 video, 20 audio). */
    predictorMarginPct: number;
    dropLimitMs: number;
    adaptationIntervalS: number;
  };
}

/**
 * A raw IPA accuracy as a fraction: mAP and top-1 are percentages; speech-to-text is stored as −WER,
 * so its accuracy is 1 − WER (as the paper's PAS counts it).
 */
export function ipaAccuracyFraction(raw: number): number {
  return (raw < 0 ? 100 + raw : raw) / 100;
}

export const IPA_PIPELINES = ['video', 'audio-qa', 'audio-sent', 'sum-qa', 'nlp'] as const;
export type IpaPipelineName = (typeof IPA_PIPELINES)[number];

const settingsSchema = z.record(
  z.string(),
  z.object({
    nodes: z.array(z.string()).min(1),
    alpha: z.number().nonnegative(),
    beta: z.number().nonnegative(),
    gamma: z.number().nonnegative(),
    batching_cap: z.number().int().positive(),
    scaling_cap: z.number().int().positive(),
    predictor_margin: z.number(),
    drop_limit: z.number().positive(),
    adaptation_interval: z.number().positive(),
    pipeline_sla_s: z.number().positive(),
  }),
);

const PROFILE_COLUMNS = [
  'pipeline',
  'stage_index',
  'node',
  'task',
  'variant',
  'base_cpu',
  'batch',
  'latency_p99_s',
  'throughput_rps',
  'accuracy_raw',
  'accuracy_norm_rank',
  'stage_sla_s',
];

export function loadIpaPipelines(dataDir = bundledDataDir): IpaPipeline[] {
  const settingsFile = dataFile(dataDir, 'ipa', 'pipeline_settings.json');
  const settings = parseConfig(settingsSchema, readJson(settingsFile), settingsFile);
  const profileFile = dataFile(dataDir, 'ipa', 'task_profiles_at_base_allocation.csv');
  const rows = readCsv(profileFile, PROFILE_COLUMNS);

  return Object.entries(settings).map(([name, s]) => {
    const stages: IpaStage[] = s.nodes.map((node) => ({ name: node, task: '', variants: [], stageSlaMs: 0 }));
    for (const row of rows) {
      if (row.text('pipeline') !== name) continue;
      const index = row.integer('stage_index', 0);
      const stage = stages[index];
      if (!stage) throw new DataError(profileFile, row.line, 'stage_index', `pipeline ${name} has ${stages.length} stages`);
      if (row.text('node') !== stage.name) throw new DataError(profileFile, row.line, 'node', `expected ${stage.name} for stage ${index} of ${name}`);
      stage.task = row.text('task');
      stage.stageSlaMs = row.number('stage_sla_s', 0) * 1000;
      const variantName = row.text('variant');
      let variant = stage.variants.find((v) => v.name === variantName);
      if (!variant) {
        variant = {
          name: variantName,
          task: stage.task,
          accuracy: row.number('accuracy_raw'),
          accuracyRank: row.number('accuracy_norm_rank', 0, 1),
          baseCores: row.number('base_cpu', 0.1),
          points: [],
        };
        stage.variants.push(variant);
      }
      variant.points.push({
        batch: row.integer('batch', 1),
        cores: variant.baseCores,
        latencyMs: row.number('latency_p99_s', 0) * 1000,
        throughputRps: row.number('throughput_rps', 0),
      });
    }
    for (const stage of stages) {
      if (stage.variants.length === 0) throw new DataError(profileFile, undefined, 'pipeline', `no profile rows for stage ${stage.name} of ${name}`);
      stage.variants.sort((a, b) => a.accuracyRank - b.accuracyRank);
      for (const v of stage.variants) v.points.sort((a, b) => a.batch - b.batch);
    }
    return {
      name,
      stages,
      slaMs: s.pipeline_sla_s * 1000,
      dropLimitMs: s.drop_limit * 1000,
      settings: {
        alpha: s.alpha,
        beta: s.beta,
        gamma: s.gamma,
        batchCap: s.batching_cap,
        scalingCap: s.scaling_cap,
        predictorMarginPct: s.predictor_margin,
        dropLimitMs: s.drop_limit * 1000,
        adaptationIntervalS: s.adaptation_interval,
      },
    };
  });
}

export function loadIpaPipeline(name: string, dataDir = bundledDataDir): IpaPipeline {
  const all = loadIpaPipelines(dataDir);
  const found = all.find((p) => p.name === name);
  if (!found) throw new DataError('pipeline', undefined, 'name', `unknown pipeline "${name}" (known: ${all.map((p) => p.name).join(', ')})`);
  return found;
}

/** One row of the IPA authors' per-experiment profiling summary (all loads and CPU allocations). */
export interface IpaProfilingRow {
  series: number;
  node: string;
  variant: string;
  cores: number;
  batch: number;
  loadRps: number;
  latencyP99Ms: number;
  throughputMaxRps: number;
}

export function loadIpaProfilingSummary(dataDir = bundledDataDir): IpaProfilingRow[] {
  const file = dataFile(dataDir, 'ipa', 'profiling_results_summary.csv');
  const out: IpaProfilingRow[] = [];
  for (const row of readCsv(file, [
    'series',
    'node_name',
    'model_variant',
    'cpu_request',
    'max_batch_size',
    'load',
    'status',
    'model_latency_p99',
    'throughput_max',
  ])) {
    if (row.text('status') !== 'ok') continue;
    const latencyS = row.optionalNumber('model_latency_p99', 0);
    const throughput = row.optionalNumber('throughput_max', 0);
    if (latencyS === undefined || throughput === undefined) continue; // a run that logged no timings
    out.push({
      series: row.integer('series', 0),
      node: row.text('node_name'),
      variant: row.text('model_variant'),
      cores: row.number('cpu_request', 0),
      batch: row.integer('max_batch_size', 1),
      loadRps: row.number('load', 0),
      latencyP99Ms: latencyS * 1000,
      throughputMaxRps: throughput,
    });
  }
  return out;
}
