import { KubernetesActuator, type KubernetesActuatorDeps } from './actuator';

/** A deployment whose pods are resized in place from outside a scaler (infscale profile, between core counts). */
export interface KubeTarget {
  /** A kubeconfig file (default: the usual places, as kubectl). */
  kubeconfig?: string;
  context?: string;
  namespace: string;
  deployment: string;
  /** Container to resize; default the pod's first. */
  container?: string;
}

/**
 * Sets the cores of every pod of the deployment in place (pods/resize, requests = limits) with the
 * scalers' own actuator, and waits until the pods run with them. A resize that fails (Infeasible, a
 * Deferred one past its wait, an API error) throws with the actuator's reason: whatever the caller
 * measures next would be labelled with cores the pods do not have.
 */
export function deploymentCoresSetter(target: KubeTarget, deps: KubernetesActuatorDeps = {}): (cores: number) => Promise<void> {
  const actuator = KubernetesActuator.fromConfig(
    {
      scaler: 'profiler',
      namespace: target.namespace,
      connection: { mode: 'kubeconfig', ...(target.kubeconfig ? { path: target.kubeconfig } : {}), ...(target.context ? { context: target.context } : {}) },
      targets: [target.deployment],
      ...(target.container ? { container: target.container } : {}),
      // One profiler, no lease; a batch is none of its business.
      leaderElection: { enabled: false },
      batchEnv: false,
    },
    deps,
  );
  return async (cores) => {
    await actuator.submit({ actions: [{ type: 'resize', name: target.deployment, cores, mode: 'in-place' }], reason: `infscale profile: ${cores} cores` });
    await actuator.whenIdle();
    const { lastError } = actuator.status();
    if (lastError) throw new Error(`resizing ${target.namespace}/${target.deployment} to ${cores} cores failed: ${lastError}`);
  };
}
