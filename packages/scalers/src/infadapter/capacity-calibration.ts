import type { ClusterState, DeploymentUsage } from '@infscale/core';
import { deploymentOf, type InfAdapterConfig, type InfAdapterVariantConfig } from './infadapter-config';

/**
 * The capacity model calibrated online instead of the paper's fixed ×0.8: by the utilization law, the
 * CPU a variant's pods use per request is what one request costs, so requests per busy core-second
 * is the rate one core serves. Each sample compares that rate with the configured profile's at the
 * pod's cores (a gain); the profile keeps the shape (how the rate per core changes with cores), the
 * samples set the scale. A variant's gain at c cores weighs its samples by how near their cores are
 * to c (a profile fitted as a line is wrong at 1 core in another way than at 16), and leans on the
 * gain of every sample (a faster node is faster for every model) where it has few. Capacity =
 * planned utilization × gain × profile. Samples come only from pods that ran unchanged, ready and
 * below saturation for the whole sample (a saturated pod rejects requests its CPU never saw), and that
 * imply a plausible speed: a load that began mid-sample on an idle pod averages to a moderate CPU while
 * the pod rejected most of what it was sent (seen on a test-day window after 7 idle minutes: 22.6 req/s
 * at 0.6 of a core on ResNet152, profiled at 1 req/s per core, a gain of 38 that then planned 1–3 cores
 * for 250 req/s and left 98 % of requests unserved), and a load that steps within the sample is no
 * sample at all (idle seconds then saturated ones average to a moderate CPU; 0,0,0,0,43 req/s taught a
 * gain of 2.9 on a 4-core ResNet152 after 18 idle minutes).
 */
export interface CapacityCalibration {
  /** Per variant, per pod cores: Σ weight·gain and Σ weight (core-seconds of CPU measured), decayed. */
  variants: Record<string, Record<number, { gain: number; weight: number }>>;
  /** Cores each deployment ran with at the last look (a sample needs the same cores at both ends). */
  lastCores: Record<string, number>;
  lastMs?: number;
}

/** Whole req/s a variant is planned to serve at `cores` (the calibrated model, utilization included). */
export type CapacityModel = (variant: InfAdapterVariantConfig, cores: number) => number;

/**
 * Utilization of the measured rate the capacity model plans the interval's peak second at: the peak
 * second is planned for, the others run below it (0.95 measured more cores for no fewer violations on
 * the training split: README).
 */
export const PLANNED_UTILIZATION = 1;
/** Above this utilization a sample is not used: the pod may be saturated and rejecting. */
const SATURATED = 0.85;
/** Below this utilization a sample is noise (idle CPU, sidecars). */
const IDLE = 0.05;
/**
 * A sample implying a pod serves more than this times its profiled rate per core counted requests it did
 * not serve (rejected, or not yet served): discarded. Gains measured on the training split lie within
 * 0.93–1.85 (28,537 samples on train-day); a node truly this much faster than its profile is planned at
 * the profile, the paper's capacity, which over-provisions rather than under.
 */
export const MAX_PLAUSIBLE_GAIN = 3;
/**
 * A sample's seconds are steady when their busiest is within this factor of their mean and their
 * quietest within its inverse, give or take STEP_SLACK requests (Poisson noise at low rates): a rise
 * or a fall of 50 % within one look is a step.
 */
const STEP_FACTOR = 1.5;
const STEP_SLACK = 5;
/** Samples lose half their weight in this long: the model follows a node that changes. */
const HALF_LIFE_MS = 10 * 60_000;
/** Core-seconds of CPU that weigh as much as the pooled gain in a variant's gain at some cores. */
const PRIOR_WEIGHT = 10;
/** How fast a sample's weight falls with the distance of its cores (per unit of |ln(c / c_sample)|). */
const CORE_DISTANCE_SCALE = 2;

export const emptyCapacityCalibration = (): CapacityCalibration => ({ variants: {}, lastCores: {} });

/** The configured capacity (req/s) of a variant at `cores`, the nearest profiled count below when not profiled. */
export function profiledCapacity(v: InfAdapterVariantConfig, cores: number): number {
  for (let c = Math.min(Math.floor(cores), v.capacityRps.length); c > 0; c--) {
    const cap = v.capacityRps[c - 1];
    if (cap !== null && cap !== undefined) return cap;
  }
  return 0;
}

/** Whether the last `spanS` seconds of arrivals (oldest first) held no step; true without a history. */
export function steadyArrivals(arrivalsPerSecond: readonly number[] | undefined, spanS: number): boolean {
  if (!arrivalsPerSecond || arrivalsPerSecond.length === 0) return true;
  const seconds = arrivalsPerSecond.slice(-Math.max(1, Math.round(spanS)));
  const mean = seconds.reduce((a, b) => a + b, 0) / seconds.length;
  return Math.max(...seconds) <= STEP_FACTOR * mean + STEP_SLACK && Math.min(...seconds) >= mean / STEP_FACTOR - STEP_SLACK;
}

/**
 * Folds one observation's per-deployment usage into the calibration; `arrivalsPerSecond` (the
 * dispatcher's, oldest first, ending now) tells a steady sample from one a step went through.
 */
export function updateCapacityCalibration(
  state: CapacityCalibration,
  config: InfAdapterConfig,
  cluster: ClusterState,
  usage: readonly DeploymentUsage[] | undefined,
  nowMs: number,
  arrivalsPerSecond?: readonly number[],
): CapacityCalibration {
  const decay = state.lastMs === undefined ? 1 : Math.pow(0.5, Math.max(0, nowMs - state.lastMs) / HALF_LIFE_MS);
  const variants: CapacityCalibration['variants'] = {};
  for (const [name, byCores] of Object.entries(state.variants)) {
    variants[name] = {};
    for (const [cores, s] of Object.entries(byCores)) variants[name][Number(cores)] = { gain: s.gain * decay, weight: s.weight * decay };
  }
  const lastCores: Record<string, number> = {};
  const spanS = state.lastMs === undefined ? 0 : (nowMs - state.lastMs) / 1000;
  const steady = steadyArrivals(arrivalsPerSecond, spanS);
  for (const v of config.variants) {
    const name = deploymentOf(config, v);
    const d = cluster.deployments.find((x) => x.name === name);
    // A deployment counts as ready when every pod is ready at its spec's cores, no resize open.
    const ready = d !== undefined && d.replicas > 0 && d.readyReplicas === d.replicas && d.actualCores === d.cores && d.resize === undefined;
    if (!ready) continue;
    lastCores[name] = d.cores;
    if (state.lastCores[name] !== d.cores || spanS <= 0 || !steady) continue;
    const u = usage?.find((x) => x.name === name);
    const cpu = u?.cpuCoresPerPod;
    const rps = u?.arrivalRps;
    if (cpu === undefined || rps === undefined || !(rps > 0)) continue;
    const utilization = cpu / d.cores;
    if (utilization < IDLE || utilization > SATURATED) continue;
    const profiled = profiledCapacity(v, d.cores) / d.cores;
    if (!(profiled > 0)) continue;
    const gain = rps / (cpu * d.replicas) / profiled;
    if (!(gain <= MAX_PLAUSIBLE_GAIN)) continue;
    const weight = cpu * d.replicas * spanS;
    const byCores = (variants[v.name] ??= {});
    const s = byCores[d.cores] ?? { gain: 0, weight: 0 };
    byCores[d.cores] = { gain: s.gain + weight * gain, weight: s.weight + weight };
  }
  return { variants, lastCores, lastMs: nowMs };
}

/**
 * The calibrated capacity model, or undefined before any sample (then the profile as configured is
 * the model): utilization × the variant's gain near those cores × the profile.
 */
export function capacityModel(state: CapacityCalibration | undefined): CapacityModel | undefined {
  let gain = 0;
  let weight = 0;
  for (const byCores of Object.values(state?.variants ?? {})) {
    for (const s of Object.values(byCores)) {
      gain += s.gain;
      weight += s.weight;
    }
  }
  if (!state || !(weight > 0)) return undefined;
  const pooled = gain / weight;
  return (v, cores) => {
    let g = PRIOR_WEIGHT * pooled;
    let w = PRIOR_WEIGHT;
    for (const [c, s] of Object.entries(state.variants[v.name] ?? {})) {
      const near = Math.exp(-CORE_DISTANCE_SCALE * Math.abs(Math.log(cores / Number(c))));
      g += near * s.gain;
      w += near * s.weight;
    }
    return Math.floor(PLANNED_UTILIZATION * (g / w) * profiledCapacity(v, cores));
  };
}
