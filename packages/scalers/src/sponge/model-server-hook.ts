import type { DeploymentStatus } from '@infscale/core';

/**
 * The paper's `/change` call: after an in-place resize the model server must be told its new thread
 * count (a resized pod with the old thread count does not get faster), and the pod's EDF proxy its
 * new batch size and speed. The EDF proxy (packages/dataplane) and the model-server emulator
 * (packages/emulator) both accept `POST /admin/config` with this body on their admin ports.
 */
export interface ModelServerConfigCall {
  path: '/admin/config';
  body: { batchSize: number; cores: number };
}

/**
 * The call to make for a deployment, or undefined while its resize is not finished: the threads must
 * follow the cores the container actually runs with (status.containerStatuses[].resources), never
 * the spec, or a Deferred/Infeasible resize would leave the server with more threads than cores.
 * apps/sponge calls this for each pod once the actuator is idle again after a plan.
 */
export function modelServerConfigCall(deployment: Pick<DeploymentStatus, 'batch' | 'cores' | 'actualCores' | 'resize'>): ModelServerConfigCall | undefined {
  if (deployment.resize === 'in-progress') return undefined;
  const cores = Math.max(1, Math.floor(deployment.actualCores + 1e-9));
  return { path: '/admin/config', body: { batchSize: deployment.batch, cores } };
}
