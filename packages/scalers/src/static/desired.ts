import type { ClusterState, DeploymentSpec, DesiredState } from '@infscale/core';

/** The desired state that keeps the cluster as it is, with `change` applied to some deployments. */
export function desiredFromCluster(cluster: ClusterState, change: (d: DeploymentSpec) => DeploymentSpec = (d) => d): DesiredState {
  return {
    deployments: cluster.deployments.map((d) =>
      change({ name: d.name, variant: d.variant, stage: d.stage, replicas: d.replicas, cores: d.cores, batch: d.batch }),
    ),
    routing: cluster.routing.map((r) => ({ stage: r.stage, weights: { ...r.weights } })),
  };
}

/** The deployments a baseline acts on: the named ones that exist, or all of them. */
export function targetsIn<T extends { name: string }>(deployments: readonly T[], names: readonly string[] | undefined): T[] {
  return names ? deployments.filter((d) => names.includes(d.name)) : [...deployments];
}
