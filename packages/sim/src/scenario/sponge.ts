import type { LatencyModel } from '@infscale/profiles';
import type { SimConfig } from '../engine/config';
import { dataplaneEdf } from '../policies/dataplane-adapters';
import { latencyModelServiceModel } from '../serving/service-models';
import { IPA_SPONGE_SERVING_LIMITS, type ServingLimits } from '../serving/serving-limits';
import type { StagePolicyFactory } from '../serving/stage-policy';

export interface SpongeScenarioOptions {
  /** The fitted latency model l(b, c) of the served model. */
  model: LatencyModel;
  variant?: string;
  arrivals: ArrayLike<number>;
  /** Per-second network delay already spent (e.g. networkDelaysMs of the 4G trace), cycled. */
  networkDelayMs?: ArrayLike<number>;
  sloMs?: number;
  start?: { cores: number; batch?: number; replicas?: number };
  nodeCores?: number;
  /** Default the dataplane's EDF queue (drops requests that cannot make their deadline). */
  policy?: StagePolicyFactory;
  loadTimeS?: number;
  seed?: number;
  intervalS?: number;
  /** Default: as the paper's system ran (IPA_SPONGE_SERVING_LIMITS). */
  serving?: ServingLimits;
}

/** One model server scaled in place (Sponge): per-request budgets = SLO − network delay. */
export function spongeScenario(o: SpongeScenarioOptions): SimConfig {
  const variant = o.variant ?? 'resnet18';
  const start = o.start ?? { cores: 1 };
  return {
    nodes: [{ cores: o.nodeCores ?? 16 }],
    stages: [{ name: 'main', policy: o.policy ?? dataplaneEdf() }],
    service: latencyModelServiceModel({ [variant]: o.model }),
    variants: { [variant]: { accuracy: 1, loadTimeS: o.loadTimeS ?? 6.44 } },
    arrivals: o.arrivals,
    networkDelayMs: o.networkDelayMs,
    sloMs: o.sloMs ?? 1000,
    initial: {
      deployments: [{ name: variant, variant, stage: 'main', replicas: start.replicas ?? 1, cores: start.cores, batch: start.batch ?? 1 }],
      routing: [],
    },
    seed: o.seed,
    intervalS: o.intervalS,
    serving: o.serving ?? IPA_SPONGE_SERVING_LIMITS,
  };
}
