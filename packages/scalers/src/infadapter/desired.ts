import type { ClusterState, DeploymentSpec, DesiredState } from '@infscale/core';
import type { InfAdapterAllocation } from '@infscale/solver';
import { deploymentOf, type InfAdapterConfig } from './infadapter-config';
import { currentCores } from './problem';

/** One deployment per active variant (1 replica with its cores) and the dispatcher's integer quotas. */
export function desiredFromAllocations(config: InfAdapterConfig, allocations: readonly InfAdapterAllocation[]): DesiredState {
  const deployments: DeploymentSpec[] = [];
  const weights: Record<string, number> = {};
  for (const a of allocations) {
    const v = config.variants.find((x) => x.name === a.variant);
    if (!v) throw new Error(`solver returned unknown variant "${a.variant}"`);
    const name = deploymentOf(config, v);
    deployments.push({ name, variant: v.name, stage: config.stage, replicas: 1, cores: a.cores, batch: 1 });
    if (a.quotaRps > 0) weights[name] = a.quotaRps;
  }
  return { deployments, routing: [{ stage: config.stage, weights }] };
}

/** "resnet18:4 + resnet50:12" (variant:cores), or "nothing". */
export function describeAllocations(allocations: readonly { variant: string; cores: number }[]): string {
  return allocations.length === 0 ? 'nothing' : allocations.map((a) => `${a.variant}:${a.cores}`).join(' + ');
}

/** The running configuration in the same words, least accurate first as in the config. */
export function describeRunning(config: InfAdapterConfig, cluster: ClusterState): string {
  return describeAllocations(config.variants.map((v) => ({ variant: v.name, cores: currentCores(config, v, cluster) })).filter((a) => a.cores > 0));
}
