/** What one deployment of a model server looks like, desired or observed. */
export interface DeploymentSpec {
  /** Kubernetes-style name, unique in the namespace. */
  name: string;
  /** The model variant it serves. */
  variant: string;
  /** The pipeline stage it belongs to ("main" for single-stage scalers). */
  stage: string;
  replicas: number;
  /** CPU cores per pod (requests = limits). */
  cores: number;
  /** Maximum batch size the server forms. */
  batch: number;
}

export interface DeploymentStatus extends DeploymentSpec {
  readyReplicas: number;
  /** Cores the pods actually run with now (differs from cores while a resize is pending). */
  actualCores: number;
  /** Set while an in-place resize is not finished: why it waits. */
  resize?: 'in-progress' | 'deferred' | 'infeasible';
}

/** Integer quotas of one stage's dispatcher: per frame, deployment d gets exactly weights[d] requests. */
export interface Routing {
  stage: string;
  weights: Record<string, number>;
}

/** The state a scaler wants: every deployment it owns and how traffic is split among them. */
export interface DesiredState {
  deployments: DeploymentSpec[];
  routing: Routing[];
}

export interface ClusterState {
  deployments: DeploymentStatus[];
  routing: Routing[];
}

export const MAIN_STAGE = 'main';
