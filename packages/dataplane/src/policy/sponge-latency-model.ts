import type { ServiceTimeEstimator } from './edf-queue';

/** Sponge's fitted latency model l(b, c) = γ·b/c + δ·b + ε/c + η (ms), per model. */
export interface SpongeLatencyModel {
  gamma: number;
  delta: number;
  epsilon: number;
  eta: number;
}

/** The service-time estimator of a server with `cores` cores, for the EDF queue's batching decisions. */
export function spongeServiceTime(model: SpongeLatencyModel, cores: number): ServiceTimeEstimator {
  if (!(cores > 0)) throw new Error(`cores must be > 0, got ${cores}`);
  return (b) => (model.gamma * b) / cores + model.delta * b + model.epsilon / cores + model.eta;
}
