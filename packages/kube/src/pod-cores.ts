import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { ActionContext } from './action-context';
import type { KubeActuatorConfig } from './config';
import { containerCores, CORES_ANNOTATION, managedContainer } from './deployment-mapping';
import { formatCpu, parseCpu, sameCpu } from './quantity';

/**
 * The cores pods of `d` must be brought to after they start: the annotation's, when it differs from
 * what the template starts pods with (pods were resized in place and the template left alone, so a
 * template change does not roll them). undefined when new pods already start right.
 */
export function coresTemplateLacks(d: V1Deployment, config: Pick<KubeActuatorConfig, 'container'>): number | undefined {
  const annotated = d.metadata?.annotations?.[CORES_ANNOTATION];
  if (annotated === undefined) return undefined;
  const wanted = parseCpu(annotated);
  const template = containerCores(managedContainer(d.spec?.template.spec?.containers, config));
  return template !== undefined && sameCpu(template, wanted) ? undefined : wanted;
}

/** The cores the pod's spec asks for in `container` (what a resize changes). */
export function podSpecCores(pod: V1Pod, container: string): number | undefined {
  return containerCores(pod.spec?.containers.find((c) => c.name === container));
}

/** pods/resize of one container to `cores` (requests = limits, so the QoS class stays Guaranteed). */
export async function sendPodResize(ctx: Pick<ActionContext, 'api' | 'retry'>, pod: string, container: string, cores: number): Promise<void> {
  const cpu = formatCpu(cores);
  await ctx.retry(`resize pod ${pod}`, () => ctx.api.resizePod(pod, { spec: { containers: [{ name: container, resources: { requests: { cpu }, limits: { cpu } } }] } }));
}
