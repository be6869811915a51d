import type { Forecaster, Scaler } from '@infscale/core';
import { OracleForecaster } from '@infscale/forecasting';
import type { LatencyModel } from '@infscale/profiles';
import { latencyCoefficients, scalerRegistry } from '@infscale/scalers';
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
 * VPA is the paper's (the registry's on this profile: minReplicas 1, whole cores in [1, 16], no 12 h
 * young-pod rule) under each updater mode; HPA the papers' 70 % CPU target.
 */
export function spongeSystems(model: LatencyModel, sloMs: number): SpongeSystem[] {
  const registered = (name: string) => scalerRegistry.get(name);
  const sponge = (): Scaler<unknown> =>
    registered('sponge').create({
      targetRef: { name: SPONGE_DEPLOYMENT },
      slo: { latencyMs: sloMs },
      latencyModel: latencyCoefficients(model),
      resourcePolicy: { minCores: 1, maxCores: SPONGE_MAX_CORES },
    });
  const vpa = (mode: 'InPlaceOrRecreate' | 'Recreate') => (): Scaler<unknown> =>
    registered('vpa').create({ ...registered('vpa').defaults('sponge'), mode, maxCores: SPONGE_MAX_CORES });
  const small = { cores: 1, batch: 1, replicas: 1 };
  return [
    { name: 'sponge', start: small, policy: dataplaneEdf, scaler: sponge },
    {
      name: 'sponge + oracle',
      start: small,
      policy: dataplaneEdf,
      scaler: sponge,
      forecaster: (arrivals) => new OracleForecaster({ series: arrivals, startMs: 0, horizonSeconds: 2 }),
    },
    {
      name: 'horizontal (HPA, 1 core/pod)',
      start: small,
      policy: roundRobin,
      scaler: () => registered('hpa').create({ ...registered('hpa').defaults('sponge'), metric: 'cpu', minReplicas: 1, maxReplicas: SPONGE_MAX_CORES }),
    },
    { name: 'vpa InPlaceOrRecreate', start: small, policy: roundRobin, scaler: vpa('InPlaceOrRecreate') },
    { name: 'vpa Recreate', start: small, policy: roundRobin, scaler: vpa('Recreate') },
    {
      name: 'static 16 cores',
      start: { cores: SPONGE_MAX_CORES, batch: 1, replicas: 1 },
      policy: roundRobin,
      scaler: () => registered('static').create({ deployments: { [SPONGE_DEPLOYMENT]: { replicas: 1, cores: SPONGE_MAX_CORES } } }),
    },
  ];
}
