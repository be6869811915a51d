import type { DesiredState } from '@infscale/core';
import type { RequestRecord } from '../output/types';
import type { ServiceDistribution, ServiceModel } from '../serving/service-model';
import type { ServingLimits } from '../serving/serving-limits';
import type { StagePolicyFactory } from '../serving/stage-policy';

export interface SimStage {
  name: string;
  /** The stage's data-plane policy; default: round-robin over ready pods (weighted by the routing). */
  policy?: StagePolicyFactory;
}

export interface SimVariantInfo {
  accuracy: number;
  /** Model load time; the pod is ready this long after it lands on a node. */
  loadTimeS?: number;
}

/** Everything a run is made of, apart from the scaler. */
export interface SimConfig {
  nodes: { name?: string; cores: number }[];
  /** Stages in the order a request passes them (one, "main", for a single model). */
  stages: SimStage[];
  service: ServiceModel;
  /** Default 'deterministic'. */
  distribution?: ServiceDistribution;
  variants: Record<string, SimVariantInfo>;
  /** Requests arriving in each second of the run. */
  arrivals: ArrayLike<number>;
  /** End-to-end latency objective: a request answered later is late. */
  sloMs: number;
  /** Per-second network delay already spent before arrival (Sponge), cycled over the run. */
  networkDelayMs?: ArrayLike<number>;
  /** A request older than this at a stage boundary is dropped (IPA's router). */
  dropLimitMs?: number;
  /** The deployments and routing at t = 0, already loaded and ready. */
  initial: DesiredState;
  seed?: number;
  /** Length of a row of the time series. Default 60 s. */
  intervalS?: number;
  /** In-place resize latency once the node has the cores. Default 1000 ms. */
  resizeDelayMs?: number;
  /** Load time of a variant without one in `variants`. Default 5 s. */
  defaultLoadTimeS?: number;
  /** Queue bound, client timeout and termination grace period; each off when absent. */
  serving?: ServingLimits;
  /** How long after the trace ends requests may still finish. Default max(dropLimit, 60 s). */
  drainMs?: number;
  /** Sees every request as it ends (tests, exports). Slows the run. */
  onRequest?: (record: RequestRecord) => void;
}
