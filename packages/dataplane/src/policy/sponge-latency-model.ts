import type { ServiceTimeEstimator } from './edf-queue';

/** Sponge's fitted latency model l(b, c) = γ·b/c + δ·b + ε/c + η (ms), per model. */
export interface SpongeLatencyModel {
  gamma: number;
  delta: number;
  epsilon: number;
  eta: number;
}

/** One millicore, Kubernetes' smallest CPU unit: fewer cores would make every estimate absurd (1e-300 → every request 504). */
export const MIN_CORES = 0.001;
/** More cores than any node has. */
export const MAX_CORES = 1024;

/** Throws unless cores is a finite number from MIN_CORES to MAX_CORES; returns it. */
export function checkCores(cores: number): number {
  if (typeof cores !== 'number' || !Number.isFinite(cores) || cores < MIN_CORES || cores > MAX_CORES) {
    throw new Error(`cores must be a number from ${MIN_CORES} to ${MAX_CORES}, got ${JSON.stringify(cores)}`);
  }
  return cores;
}

/** The service-time estimator of a server with `cores` cores, for the EDF queue's batching decisions. */
export function spongeServiceTime(model: SpongeLatencyModel, cores: number): ServiceTimeEstimator {
  checkCores(cores);
  return (b) => (model.gamma * b) / cores + model.delta * b + model.epsilon / cores + model.eta;
}
