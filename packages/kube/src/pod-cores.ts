import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { ActionContext } from './action-context';
import { describeFailure } from './api-error';
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

/** What the API server did with a pods/resize: took it (the kubelet then actuates it or reports Deferred/Infeasible), or refused it at admission. */
export type PodResizeAnswer = { kind: 'sent' } | { kind: 'refused'; message: string };

/**
 * A resize beyond the node's allocatable, refused at admission (Kubernetes ≥ 1.35's PodResizeValidator:
 * 403 Forbidden, cause NodeCapacity): the pod's spec is unchanged and no PodResizePending condition
 * ever appears, so this answer is the only place the verdict "infeasible" exists. Its message
 * without the `pods "x" is forbidden:` prefix, or undefined for any other failure.
 */
export function nodeCapacityRefusal(err: unknown): string | undefined {
  const failure = describeFailure(err);
  if (failure.code !== 403 || !failure.causes?.includes('NodeCapacity')) return undefined;
  const text = (failure.statusMessage ?? failure.message).replace(/^pods "[^"]*" is forbidden: /, '');
  return `${text} (refused by the API server)`;
}

/** pods/resize of one container to `cores` (requests = limits, so the QoS class stays Guaranteed). */
export async function sendPodResize(ctx: Pick<ActionContext, 'api' | 'retry'>, pod: string, container: string, cores: number): Promise<PodResizeAnswer> {
  const cpu = formatCpu(cores);
  try {
    await ctx.retry(`resize pod ${pod}`, () =>
      ctx.api.resizePod(pod, { spec: { containers: [{ name: container, resources: { requests: { cpu }, limits: { cpu } } }] } }),
    );
    return { kind: 'sent' };
  } catch (err) {
    const refused = nodeCapacityRefusal(err);
    if (refused === undefined) throw err;
    return { kind: 'refused', message: refused };
  }
}
