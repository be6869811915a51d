import { z } from 'zod';
import { parseConfig, type CapacityPoint, type Variant } from '@infscale/core';
import { readCsv, readJson } from './csv';
import { DataError } from './data-error';
import { bundledDataDir, dataFile } from './paths';

/** The paper's linear capacity model of one variant at SLO 750 ms (fit of capacity on cores). */
export interface CapacityFit {
  slopeRpsPerCore: number;
  interceptRps: number;
  /** The intercept the paper's solver used: int(min(intercept, 0.99)), truncated toward zero. */
  interceptUsedRps: number;
}

export interface InfAdapterProfiles {
  /** ResNet18…152, least accurate first, each with capacity points for cores 1..20 × SLO 500/750/1000/1500 ms. */
  variants: Variant[];
  fits: Record<string, CapacityFit>;
  /** Derating of the fitted capacity in the paper's solver (0.8). */
  capacityCoefficient: number;
  settings: {
    maxCores: number;
    alpha: number;
    beta: number;
    sloMs: number;
    decisionIntervalS: number;
    firstDecisionDelayS: number;
    stabilizationDecisions: number;
    forecastHeadroom: number;
  };
}

const settingsSchema = z.object({
  variants: z.record(z.string(), z.object({ top1_accuracy: z.number().min(0).max(1), load_time_s: z.number().positive() })),
  experiment_settings_from_auto_tuner_starter_py: z.object({
    MAX_CPU: z.number().int().positive(),
    ALPHA: z.number().nonnegative(),
    BETA: z.number().nonnegative(),
    LATENCY_SLO_MS: z.number().positive(),
    CAPACITY_COEF: z.number().positive().max(1),
    LSTM_PREDICTION_ERROR_PERCENTAGE: z.number().nonnegative(),
    FIRST_DECIDE_DELAY_MINUTES: z.number().nonnegative(),
    DECISION_INTERVAL_S: z.number().positive(),
    STABILIZATION_INTERVAL: z.number().int().nonnegative(),
  }),
});

const fitSchema = z.object({
  coefficients: z.record(
    z.string(),
    z.object({
      slope_rps_per_core: z.number().positive(),
      intercept_sklearn: z.number(),
      intercept_used_int: z.number().int(),
    }),
  ),
});

const ARCH_TO_NAME: Record<number, string> = { 18: 'resnet18', 34: 'resnet34', 50: 'resnet50', 101: 'resnet101', 152: 'resnet152' };

export function loadInfAdapterProfiles(dataDir = bundledDataDir): InfAdapterProfiles {
  const settingsFile = dataFile(dataDir, 'infadapter', 'derived', 'variants_and_settings.json');
  const settings = parseConfig(settingsSchema, readJson(settingsFile), settingsFile);
  const fitFile = dataFile(dataDir, 'infadapter', 'derived', 'capacity_model_coefficients.json');
  const fitJson = parseConfig(fitSchema, readJson(fitFile), fitFile);

  const capacityFile = dataFile(dataDir, 'infadapter', 'profiling', 'capacity_result_Feb_21.csv');
  const capacity = new Map<string, CapacityPoint[]>();
  for (const row of readCsv(capacityFile, ['CPU', 'ARCH', 'SLA', 'capacity'])) {
    const arch = row.integer('ARCH', 1);
    const name = ARCH_TO_NAME[arch];
    if (!name) throw new DataError(capacityFile, row.line, 'ARCH', `unknown ResNet depth ${arch} (expected 18, 34, 50, 101 or 152)`);
    const points = capacity.get(name) ?? [];
    points.push({ cores: row.integer('CPU', 1, 64), sloMs: row.number('SLA', 1), capacityRps: row.number('capacity', 0) });
    capacity.set(name, points);
  }

  const variants: Variant[] = Object.entries(settings.variants)
    .map(([name, v]) => {
      const points = capacity.get(name);
      if (!points) throw new DataError(capacityFile, undefined, 'ARCH', `no capacity rows for ${name}`);
      points.sort((a, b) => a.sloMs - b.sloMs || a.cores - b.cores);
      return { name, task: 'image-classification', accuracy: v.top1_accuracy, loadTimeS: v.load_time_s, points: [], capacity: points };
    })
    .sort((a, b) => a.accuracy - b.accuracy);

  const fits: Record<string, CapacityFit> = {};
  for (const v of variants) {
    const c = fitJson.coefficients[v.name];
    if (!c) throw new DataError(fitFile, undefined, `coefficients.${v.name}`, 'missing capacity fit');
    fits[v.name] = { slopeRpsPerCore: c.slope_rps_per_core, interceptRps: c.intercept_sklearn, interceptUsedRps: c.intercept_used_int };
  }
  const s = settings.experiment_settings_from_auto_tuner_starter_py;
  return {
    variants,
    fits,
    capacityCoefficient: s.CAPACITY_COEF,
    settings: {
      maxCores: s.MAX_CPU,
      alpha: s.ALPHA,
      beta: s.BETA,
      sloMs: s.LATENCY_SLO_MS,
      decisionIntervalS: s.DECISION_INTERVAL_S,
      firstDecisionDelayS: s.FIRST_DECIDE_DELAY_MINUTES * 60,
      stabilizationDecisions: s.STABILIZATION_INTERVAL,
      forecastHeadroom: 1 + s.LSTM_PREDICTION_ERROR_PERCENTAGE / 100,
    },
  };
}

/** The paper solver's capacity: int(coef · (slope·n + interceptUsed)) for n ≥ 1, 0 for n = 0. */
export function fittedCapacityRps(fit: CapacityFit, cores: number, coefficient: number): number {
  if (cores <= 0) return 0;
  return Math.max(0, Math.trunc(coefficient * (fit.slopeRpsPerCore * cores + fit.interceptUsedRps)));
}

/** Profiled capacity (req/s) of a variant at `cores` and `sloMs`, or undefined when not profiled. */
export function profiledCapacityRps(variant: Variant, cores: number, sloMs: number): number | undefined {
  return variant.capacity?.find((p) => p.cores === cores && p.sloMs === sloMs)?.capacityRps;
}
