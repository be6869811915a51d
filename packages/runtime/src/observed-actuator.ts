import type { ActionPlan, ActuatorStatus, ClusterActuator, ClusterState } from '@infscale/core';

/**
 * A ClusterActuator that reports every cluster state it reads, so the process can export the
 * current replicas/cores and know it is ready without an extra API call per tick.
 */
export class ObservedActuator implements ClusterActuator {
  private reads = 0;

  constructor(
    private readonly inner: ClusterActuator,
    private readonly onCluster: (cluster: ClusterState) => void,
  ) {}

  /** How many times the cluster has been read successfully. */
  get successfulReads(): number {
    return this.reads;
  }

  async current(): Promise<ClusterState> {
    const cluster = await this.inner.current();
    this.reads += 1;
    this.onCluster(cluster);
    return cluster;
  }

  submit(plan: ActionPlan): Promise<void> {
    return this.inner.submit(plan);
  }

  status(): ActuatorStatus {
    return this.inner.status();
  }

  get supersede(): ClusterActuator['supersede'] {
    const inner = this.inner;
    return inner.supersede ? (plan, seen) => inner.supersede!(plan, seen) : undefined;
  }
}
