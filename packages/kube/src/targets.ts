import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { isNotFound } from './api-error';
import type { KubeApi } from './kube-client';

/**
 * Target deployments: ones the scaler changes but did not create (Sponge resizes the user's model
 * server in place). They are found by name, not by infscale's ownership labels, and their pods by
 * the deployment's own selector, so nothing has to be relabelled (which would roll the pods).
 */
export interface TargetReading {
  deployment: V1Deployment;
  pods: V1Pod[];
}

/** The label selector of a deployment's pods (matchLabels; matchExpressions are not supported). */
export function deploymentPodSelector(d: V1Deployment): string {
  const labels = d.spec?.selector?.matchLabels ?? {};
  const selector = Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  if (!selector) throw new Error(`deployment ${d.metadata?.name ?? '?'} has no spec.selector.matchLabels to find its pods by`);
  return selector;
}

/** Reads each target and its pods; a target that does not exist is left out (the scaler then holds and says so). */
export async function readTargets(api: KubeApi, names: readonly string[]): Promise<TargetReading[]> {
  const found = await Promise.all(
    names.map(async (name) => {
      try {
        const deployment = await api.readDeployment(name);
        return { deployment, pods: await api.listPods(deploymentPodSelector(deployment)) };
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    }),
  );
  return found.filter((t): t is TargetReading => t !== undefined);
}
