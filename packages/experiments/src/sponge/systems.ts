import type { Forecaster, Scaler } from '@infscale/core';
import { OracleForecaster } from '@infscale/forecasting';
import type { LatencyModel } from '@infscale/profiles';
import { createHpaScaler, createSpongeScaler, createStaticScaler, createVpaScaler, latencyCoefficients } from '@infscale/scalers';
import { dataplaneEdf, roundRobin, type StagePolicyFactory } from '@infscale/sim';

export const SPONGE_DEPLOYMENT = 'resnet18';
export const SPONGE_MAX_CORES = 16;

/** One system of the comparison: how its pod starts, which queue it sits behind, what scales it. */
export interface SpongeSystem {
  name: string;
  start: { cores: number; batch: number; replicas: number };
  /** Sponge: the dataplane's EDF proxy; the baselines: a plain Service (each pod's own FIFO). */
  policy: () => StagePolicyFactory;
  scaler: () => Scaler<unknown>;
  forecaster?: (arrivals: readonly number[]) => Forecaster;
}

/**
 * The systems of the Sponge paper's comparison, all starting from one small pod (static: 16 cores).
 * VPA gets minReplicas 1 (the stock updater never touches a 1-replica deployment), whole cores in
 * [1, 16] (the model server only uses whole threads) and no 12 h young-pod rule (with it the updater
 * would leave the pod alone for the whole run; without it, a target 10 % off the request is applied).
 */
export function spongeSystems(model: LatencyModel, sloMs: number): SpongeSystem[] {
  const sponge = (): Scaler<unknown> =>
    createSpongeScaler({ targetRef: { name: SPONGE_DEPLOYMENT }, slo: { latencyMs: sloMs }, latencyModel: latencyCoefficients(model), resourcePolicy: { minCores: 1, maxCores: SPONGE_MAX_CORES } }) as Scaler<unknown>;
  const vpa = (mode: 'InPlaceOrRecreate' | 'Recreate') => (): Scaler<unknown> =>
    createVpaScaler({ mode, minReplicas: 1, minCores: 1, maxCores: SPONGE_MAX_CORES, integerCores: true, podLifetimeThresholdMs: 0 }) as Scaler<unknown>;
  const small = { cores: 1, batch: 1, replicas: 1 };
  return [
    { name: 'sponge', start: small, policy: dataplaneEdf, scaler: sponge },
    { name: 'sponge + oracle', start: small, policy: dataplaneEdf, scaler: sponge, forecaster: (arrivals) => new OracleForecaster({ series: arrivals, startMs: 0, horizonSeconds: 2 }) },
    {
      name: 'horizontal (HPA, 1 core/pod)',
      start: small,
      policy: roundRobin,
      scaler: () => createHpaScaler({ metric: 'cpu', target: 0.7, minReplicas: 1, maxReplicas: SPONGE_MAX_CORES }) as Scaler<unknown>,
    },
    { name: 'vpa InPlaceOrRecreate', start: small, policy: roundRobin, scaler: vpa('InPlaceOrRecreate') },
    { name: 'vpa Recreate', start: small, policy: roundRobin, scaler: vpa('Recreate') },
    {
      name: 'static 16 cores',
      start: { cores: SPONGE_MAX_CORES, batch: 1, replicas: 1 },
      policy: roundRobin,
      scaler: () => createStaticScaler({ deployments: { [SPONGE_DEPLOYMENT]: { replicas: 1, cores: SPONGE_MAX_CORES } } }) as Scaler<unknown>,
    },
  ];
}
