import type { ClusterState, DeploymentStatus } from '@infscale/core';
import type { InfAdapterProblem, InfAdapterVariant } from '@infscale/solver';
import type { CapacityModel } from './capacity-calibration';
import { deploymentOf, type InfAdapterConfig, type InfAdapterVariantConfig } from './infadapter-config';

/** The running deployment of a variant: by its configured name, else by its variant label in the stage. */
export function runningDeployment(config: InfAdapterConfig, v: InfAdapterVariantConfig, cluster: ClusterState): DeploymentStatus | undefined {
  const name = deploymentOf(config, v);
  return cluster.deployments.find((d) => d.name === name) ?? cluster.deployments.find((d) => d.variant === v.name && d.stage === config.stage);
}

/** Cores a variant runs with now (0 when absent or scaled to zero replicas). */
export function currentCores(config: InfAdapterConfig, v: InfAdapterVariantConfig, cluster: ClusterState): number {
  const d = runningDeployment(config, v, cluster);
  return d && d.replicas > 0 ? d.cores * d.replicas : 0;
}

/** Req/s of a variant at `cores` (profiled, or by the calibrated model); 0 for 0 cores, undefined when not allowed or not profiled. */
export function variantCapacity(config: InfAdapterConfig, v: InfAdapterVariantConfig, cores: number, model?: CapacityModel): number | undefined {
  if (cores === 0) return 0;
  if (cores < config.resourcePolicy.minCores || cores > config.resourcePolicy.maxCores) return undefined;
  const cap = v.capacityRps[cores - 1];
  return cap === null || cap === undefined ? undefined : model ? model(v, cores) : cap;
}

/**
 * What the running configuration can serve by the scaler's own capacity model. A core count the model
 * does not allow (e.g. the starting 20 cores of a variant capped lower) counts with the nearest profiled one below.
 * `except`: a variant that runs but takes no traffic (the burst spare) does not count.
 */
export function currentCapacityRps(config: InfAdapterConfig, cluster: ClusterState, model?: CapacityModel, except?: string): number {
  let total = 0;
  for (const v of config.variants) {
    if (v.name === except) continue;
    const n = currentCores(config, v, cluster);
    for (let c = n; c > 0; c--) {
      const cap = v.capacityRps[c - 1];
      if (cap !== null && cap !== undefined) {
        total += model ? model(v, c) : cap;
        break;
      }
    }
  }
  return total;
}

/** The solver's program for load λ from the config and the running cores (capacities by `capacity` when given: the improved method's calibrated model). */
export function buildProblem(config: InfAdapterConfig, cluster: ClusterState, loadRps: number, capacity?: CapacityModel): InfAdapterProblem {
  const { minCores, maxCores } = config.resourcePolicy;
  const variants: InfAdapterVariant[] = config.variants.map((v) => {
    const capacityRps: (number | undefined)[] = [undefined];
    for (let n = 1; n <= maxCores; n++) capacityRps.push(variantCapacity(config, v, n, capacity));
    return { name: v.name, accuracy: v.accuracy, loadTimeS: v.loadTimeS, minCores, maxCores, currentCores: currentCores(config, v, cluster), capacityRps };
  });
  return { variants, loadRps, budgetCores: config.budget.cores, alpha: config.objective.alpha, beta: config.objective.beta, fillOrder: config.fillOrder };
}

/** The program with only the running variants allowed (cores of the others: 0). */
export function runningOnly(problem: InfAdapterProblem): InfAdapterProblem {
  return { ...problem, variants: problem.variants.map((v) => (v.currentCores > 0 ? v : { ...v, capacityRps: v.capacityRps.map(() => undefined) })) };
}
