import type { DeploymentSpec } from '@infscale/core';
import { ipaAccuracyFraction, type IpaPipeline } from '@infscale/profiles';
import type { SimConfig } from '../engine/config';
import { dataplaneBatching } from '../policies/dataplane-adapters';
import type { ServiceDistribution } from '../serving/service-model';
import { batchProfileServiceModel } from '../serving/service-models';
import { IPA_SPONGE_SERVING_LIMITS, type ServingLimits } from '../serving/serving-limits';
import type { StagePolicyFactory } from '../serving/stage-policy';

export interface IpaScenarioOptions {
  pipeline: IpaPipeline;
  arrivals: ArrayLike<number>;
  /** Per stage (by name): variant, replicas, batch. Default the least accurate variant, 1 replica, batch 1. */
  start?: Record<string, { variant?: string; replicas?: number; batch?: number }>;
  nodes?: number[];
  /** Default shifted-exponential (the profiles give mean and p99). */
  distribution?: ServiceDistribution;
  /** Default the dataplane's BatchingQueue per stage with a 1 s max wait (IPA). */
  policy?: StagePolicyFactory;
  /** Model load time (IPA's data has none). Default 10 s. */
  loadTimeS?: number;
  seed?: number;
  intervalS?: number;
  /** Default: as the paper's system ran (IPA_SPONGE_SERVING_LIMITS). */
  serving?: ServingLimits;
}

/**
 * Per stage, the least time the stages after it take (each one's fastest variant at its fastest
 * profiled point): the part of the drop limit a stage queue leaves to them when it sheds a request
 * that cannot finish in time (dataplaneBatching's laterStagesMs; the deployed router learns it from
 * the stages' answers).
 */
export function laterStagesLeastMs(pipeline: IpaPipeline): Record<string, number> {
  const least = pipeline.stages.map((s) => Math.min(...s.variants.flatMap((v) => v.points.map((p) => p.latencyMs))));
  return Object.fromEntries(pipeline.stages.map((s, i) => [s.name, least.slice(i + 1).reduce((a, b) => a + b, 0)]));
}

/** deployment name of a stage's variant: "<stage>-<variant>". */
export const ipaDeploymentName = (stage: string, variant: string): string => `${stage}-${variant}`;

/** A pipeline: one stage per IPA node, requests pass them in order, dropped past the drop limit. */
export function ipaScenario(o: IpaScenarioOptions): SimConfig {
  const p = o.pipeline;
  const deployments: DeploymentSpec[] = p.stages.map((s) => {
    const want = o.start?.[s.name] ?? {};
    const variant = s.variants.find((v) => v.name === (want.variant ?? s.variants[0].name));
    if (!variant) throw new Error(`stage ${s.name} has no variant "${want.variant}" (known: ${s.variants.map((v) => v.name).join(', ')})`);
    return {
      name: ipaDeploymentName(s.name, variant.name),
      variant: variant.name,
      stage: s.name,
      replicas: want.replicas ?? 1,
      cores: variant.baseCores,
      batch: want.batch ?? 1,
    };
  });
  const all = p.stages.flatMap((s) => s.variants);
  return {
    nodes: (o.nodes ?? [64]).map((cores) => ({ cores })),
    stages: p.stages.map((s) => ({ name: s.name, policy: o.policy ?? dataplaneBatching({ maxWaitMs: 1000 }) })),
    service: batchProfileServiceModel(all),
    distribution: o.distribution ?? 'shifted-exponential',
    // Accuracy as a fraction, so the summary's product over stages is the paper's PAS (× 100).
    variants: Object.fromEntries(all.map((v) => [v.name, { accuracy: ipaAccuracyFraction(v.accuracy), loadTimeS: o.loadTimeS ?? 10 }])),
    arrivals: o.arrivals,
    sloMs: p.slaMs,
    dropLimitMs: p.dropLimitMs,
    initial: { deployments, routing: [] },
    seed: o.seed,
    intervalS: o.intervalS,
    serving: o.serving ?? IPA_SPONGE_SERVING_LIMITS,
  };
}
