import { existingDeployment } from '@infscale/kube/testing';
import { startAppStack, type AppStack } from '@infscale/runtime/testing';

/** The ResNet18 fit of Sponge's latency model (data/sponge/profiling/latency_model_fits.json). */
export const LATENCY_MODEL = { gamma: 18.29, delta: 4.488, epsilon: 45.47, eta: 1.046 };

/**
 * The app stack for Sponge's e2e tests: the user's `resnet18` deployment (its own labels, 1 core) in
 * a namespace of the real test control plane and one synthetic pod Prometheus scrapes at `requestsPerSecond`, with three
 * queued requests. One per test file (each starts a Prometheus).
 */
export async function startSpongeStack(namespace: string, requestsPerSecond: number): Promise<AppStack> {
  const stack = await startAppStack({
    namespace,
    scaler: 'sponge',
    deployments: [],
    readyReplicas: { resnet18: 1 },
    pods: { 'resnet18-5d9c7b8f4-abcde': { requestsPerSecond, cpuCores: 1, queueLength: 3, budgetsMs: [500, 700, 900] } },
  });
  await stack.cluster.api.createDeployment(existingDeployment('resnet18', namespace));
  return stack;
}
