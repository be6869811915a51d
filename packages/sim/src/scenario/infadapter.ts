import type { DeploymentSpec } from '@infscale/core';
import type { InfAdapterProfiles } from '@infscale/profiles';
import type { SimConfig } from '../engine/config';
import type { ServiceDistribution } from '../serving/service-model';
import { capacityServiceModel } from '../serving/service-models';
import type { StagePolicyFactory } from '../serving/stage-policy';

export interface InfAdapterScenarioOptions {
  profiles: InfAdapterProfiles;
  arrivals: ArrayLike<number>;
  /** Starting deployments; default the papers' start: resnet152, 1 replica, 20 cores. */
  start?: { variant: string; replicas?: number; cores: number }[];
  /** Default the profiles' SLO (750 ms). */
  sloMs?: number;
  /** Cores of each node; default one node of 48 cores (room for make-before-break at 20 + 20). */
  nodes?: number[];
  distribution?: ServiceDistribution;
  policy?: StagePolicyFactory;
  seed?: number;
  intervalS?: number;
}

/** One task, variants ResNet18…152 as deployments named after the variant, one "main" stage. */
export function infAdapterScenario(o: InfAdapterScenarioOptions): SimConfig {
  const start = o.start ?? [{ variant: 'resnet152', replicas: 1, cores: 20 }];
  const deployments: DeploymentSpec[] = start.map((s) => ({ name: s.variant, variant: s.variant, stage: 'main', replicas: s.replicas ?? 1, cores: s.cores, batch: 1 }));
  const variants = Object.fromEntries(o.profiles.variants.map((v) => [v.name, { accuracy: v.accuracy, loadTimeS: v.loadTimeS }]));
  for (const d of deployments) if (!variants[d.variant]) throw new Error(`unknown InfAdapter variant "${d.variant}" (known: ${Object.keys(variants).join(', ')})`);
  return {
    nodes: (o.nodes ?? [48]).map((cores) => ({ cores })),
    stages: [{ name: 'main', ...(o.policy ? { policy: o.policy } : {}) }],
    service: capacityServiceModel(o.profiles.variants),
    distribution: o.distribution ?? 'deterministic',
    variants,
    arrivals: o.arrivals,
    sloMs: o.sloMs ?? o.profiles.settings.sloMs,
    initial: { deployments, routing: [{ stage: 'main', weights: Object.fromEntries(deployments.map((d) => [d.name, 1])) }] },
    seed: o.seed,
    intervalS: o.intervalS,
  };
}
