import { MAIN_STAGE, type ClusterState, type DeploymentStatus, type DesiredState, type Routing } from '../cluster';

/**
 * Fluent builders of cluster states for tests (VPA's PodBuilder idea): a test says only what it is
 * about — `deployment('web').replicas(3).ready(2)` — and the rest takes values a healthy, settled
 * deployment would have (one ready pod of 1 core, batch 1, stage main, the variant named like it).
 */
export class DeploymentBuilder {
  private readonly status: DeploymentStatus;
  private readySet = false;
  private actualSet = false;

  constructor(name: string) {
    this.status = { name, variant: name, stage: MAIN_STAGE, replicas: 1, cores: 1, batch: 1, readyReplicas: 1, actualCores: 1 };
  }

  variant(variant: string): this {
    this.status.variant = variant;
    return this;
  }

  stage(stage: string): this {
    this.status.stage = stage;
    return this;
  }

  /** Desired pods; ready follows unless `ready()` says otherwise. */
  replicas(replicas: number): this {
    this.status.replicas = replicas;
    if (!this.readySet) this.status.readyReplicas = replicas;
    return this;
  }

  /** Cores per pod; the running pods have them too unless `actualCores()` says otherwise. */
  cores(cores: number): this {
    this.status.cores = cores;
    if (!this.actualSet) this.status.actualCores = cores;
    return this;
  }

  batch(batch: number): this {
    this.status.batch = batch;
    return this;
  }

  ready(readyReplicas: number): this {
    this.status.readyReplicas = readyReplicas;
    this.readySet = true;
    return this;
  }

  /** Cores the pods run with now (an unfinished in-place resize). */
  actualCores(cores: number): this {
    this.status.actualCores = cores;
    this.actualSet = true;
    return this;
  }

  resizing(state: NonNullable<DeploymentStatus['resize']>): this {
    this.status.resize = state;
    return this;
  }

  build(): DeploymentStatus {
    return { ...this.status };
  }
}

export function deployment(name: string): DeploymentBuilder {
  return new DeploymentBuilder(name);
}

export class ClusterBuilder {
  private readonly deployments: DeploymentStatus[] = [];
  private readonly routing: Routing[] = [];

  with(...deployments: Array<DeploymentBuilder | DeploymentStatus>): this {
    for (const d of deployments) this.deployments.push(d instanceof DeploymentBuilder ? d.build() : { ...d });
    return this;
  }

  /** Integer quotas of one stage's dispatcher. */
  routes(weights: Record<string, number>, stage: string = MAIN_STAGE): this {
    this.routing.push({ stage, weights: { ...weights } });
    return this;
  }

  build(): ClusterState {
    return { deployments: this.deployments.map((d) => ({ ...d })), routing: this.routing.map((r) => ({ stage: r.stage, weights: { ...r.weights } })) };
  }
}

export function cluster(): ClusterBuilder {
  return new ClusterBuilder();
}

/** The cluster once a desired state has rolled out: every pod ready at the decided cores. */
export function settled(desired: DesiredState): ClusterState {
  return {
    deployments: desired.deployments.map((d) => ({ ...d, readyReplicas: d.replicas, actualCores: d.cores })),
    routing: desired.routing.map((r) => ({ stage: r.stage, weights: { ...r.weights } })),
  };
}
