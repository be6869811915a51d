/**
 * Domain types shared by every scaler. Units are in the names: Ms = milliseconds, Rps = requests
 * per second, cores = CPU cores (integers unless a field says otherwise).
 */

/** One measured operating point of a model server: p99 latency and sustainable throughput. */
export interface ProfilePoint {
  batch: number;
  cores: number;
  latencyMs: number;
  throughputRps: number;
}

/** Highest arrival rate that keeps the p99 latency within sloMs, at a given core count (InfAdapter). */
export interface CapacityPoint {
  cores: number;
  sloMs: number;
  capacityRps: number;
}

/** A model variant of a task (e.g. resnet50 for image classification). */
export interface Variant {
  name: string;
  task: string;
  /** Higher is better; a fraction (0.7613) or the paper's metric for that task. */
  accuracy: number;
  /** Seconds from pod start until the model serves (InfAdapter's loading-cost term). */
  loadTimeS?: number;
  /** CPU cores one replica gets when its profile was taken (IPA's base allocation). */
  baseCores?: number;
  points: ProfilePoint[];
  capacity?: CapacityPoint[];
}

/** One stage of an inference pipeline, with the variants it may run. */
export interface Stage {
  name: string;
  task: string;
  variants: Variant[];
}

export interface Pipeline {
  name: string;
  stages: Stage[];
  /** End-to-end latency target in ms. */
  slaMs: number;
  /** A request older than this (ms since it entered) is dropped by the router. */
  dropLimitMs?: number;
}

/** Latency objective: quantile of request latency that must stay within latencyMs. */
export interface Slo {
  latencyMs: number;
  quantile: number;
}
