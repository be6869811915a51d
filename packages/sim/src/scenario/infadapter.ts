import type { DeploymentSpec } from '@infscale/core';
import { fittedCapacityRps, type InfAdapterProfiles } from '@infscale/profiles';
import type { SimConfig } from '../engine/config';
import type { ServiceDistribution } from '../serving/service-model';
import { capacityServiceModel } from '../serving/service-models';
import { KUBERNETES_GRACE_MS, type ServingLimits } from '../serving/serving-limits';
import type { StagePolicyFactory } from '../serving/stage-policy';

export interface InfAdapterScenarioOptions {
  profiles: InfAdapterProfiles;
  arrivals: ArrayLike<number>;
  /** Starting deployments and their share of the traffic (weight, default 1 each); default the papers' start: resnet152, 1 replica, 20 cores. */
  start?: { variant: string; replicas?: number; cores: number; weight?: number }[];
  /** Default the profiles' SLO (750 ms). */
  sloMs?: number;
  /** Cores of each node; default one node of 48 cores (room for make-before-break at 20 + 20). */
  nodes?: number[];
  distribution?: ServiceDistribution;
  policy?: StagePolicyFactory;
  seed?: number;
  intervalS?: number;
  /** Default: as the paper's system ran (infAdapterServingLimits). */
  serving?: ServingLimits;
}

/** The InfAdapter paper's dispatcher gave up on a request after 30 s (aiohttp ClientTimeout(total=30)). */
export const INFADAPTER_CLIENT_TIMEOUT_MS = 30_000;

/**
 * How the InfAdapter paper's system served (its adapter's code): TF-Serving at batch 1 with
 * max_enqueued_batches = int(1.25 × capacity(cores)), capacity being the solver's (linear fit × 0.8,
 * truncated), so a pod holds about 1.25 s of work and rejects the rest; the dispatcher's 30 s client
 * timeout; Kubernetes' default 30 s termination grace period.
 */
export function infAdapterServingLimits(profiles: InfAdapterProfiles): ServingLimits {
  return {
    podQueueLimit: (variant, cores) => {
      const fit = profiles.fits[variant];
      if (!fit) throw new Error(`no capacity fit for InfAdapter variant "${variant}" (known: ${Object.keys(profiles.fits).join(', ')})`);
      return Math.trunc(1.25 * fittedCapacityRps(fit, cores, profiles.capacityCoefficient));
    },
    clientTimeoutMs: INFADAPTER_CLIENT_TIMEOUT_MS,
    terminationGraceMs: KUBERNETES_GRACE_MS,
  };
}

/** One task, variants ResNet18…152 as deployments named after the variant, one "main" stage. */
export function infAdapterScenario(o: InfAdapterScenarioOptions): SimConfig {
  const start = o.start ?? [{ variant: 'resnet152', replicas: 1, cores: 20 }];
  const deployments: DeploymentSpec[] = start.map((s) => ({
    name: s.variant,
    variant: s.variant,
    stage: 'main',
    replicas: s.replicas ?? 1,
    cores: s.cores,
    batch: 1,
  }));
  const variants = Object.fromEntries(o.profiles.variants.map((v) => [v.name, { accuracy: v.accuracy, loadTimeS: v.loadTimeS }]));
  for (const d of deployments)
    if (!variants[d.variant]) throw new Error(`unknown InfAdapter variant "${d.variant}" (known: ${Object.keys(variants).join(', ')})`);
  return {
    nodes: (o.nodes ?? [48]).map((cores) => ({ cores })),
    stages: [{ name: 'main', ...(o.policy ? { policy: o.policy } : {}) }],
    service: capacityServiceModel(o.profiles.variants),
    distribution: o.distribution ?? 'deterministic',
    variants,
    arrivals: o.arrivals,
    sloMs: o.sloMs ?? o.profiles.settings.sloMs,
    initial: { deployments, routing: [{ stage: 'main', weights: Object.fromEntries(start.map((s) => [s.variant, s.weight ?? 1])) }] },
    seed: o.seed,
    intervalS: o.intervalS,
    serving: o.serving ?? infAdapterServingLimits(o.profiles),
  };
}
