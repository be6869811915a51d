import type { DeploymentSpec, DeploymentStatus } from '@infscale/core';
import type { V1Container, V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { KubeActuatorConfig } from './config';
import {
  BATCH_ANNOTATION,
  BATCH_ENV,
  DEPLOYMENT_LABEL,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  ownedLabels,
  SCALER_LABEL,
  STAGE_LABEL,
  VARIANT_LABEL,
} from './conventions';
import { formatCpu, parseCpu } from './quantity';
import { podResizeState, type PodResizeState } from './resize-follow';

/** Annotation holding the cores the scaler wants, when pods were resized in place (template unchanged). */
export const CORES_ANNOTATION = 'infscale.io/cores';

/** The managed container of a pod spec: the configured one, else the first. */
export function managedContainer(containers: V1Container[] | undefined, config: Pick<KubeActuatorConfig, 'container'>): V1Container | undefined {
  return config.container ? containers?.find((c) => c.name === config.container) : containers?.[0];
}

/**
 * The managed container's name: `container`, else the template's first, else (no template: a
 * deployment that exists, as Sponge's) the first of the containers actually running.
 */
export function managedContainerName(config: Pick<KubeActuatorConfig, 'container' | 'template'>, running?: readonly { name: string }[]): string {
  const name = config.container ?? config.template?.spec.containers[0]?.name ?? running?.[0]?.name;
  if (!name) throw new Error('cannot tell the managed container: set kubernetes.container (or kubernetes.template)');
  return name;
}

/** Thrown by `create` when the config has no pod template to create from. */
export class MissingTemplateError extends Error {
  constructor(deployment: string) {
    super(`cannot create deployment ${deployment}: kubernetes.template is not set (this scaler was configured to only change deployments that exist)`);
    this.name = 'MissingTemplateError';
  }
}

/** requests = limits (Guaranteed QoS, so an in-place resize never changes the QoS class). */
export function guaranteedResources(cores: number, memory: string | undefined): { requests: Record<string, string>; limits: Record<string, string> } {
  const amounts: Record<string, string> = { cpu: formatCpu(cores), ...(memory ? { memory } : {}) };
  return { requests: { ...amounts }, limits: { ...amounts } };
}

/** The deployment `create` makes: the configured pod template, labelled, sized and batched for `spec`. */
export function buildDeployment(spec: DeploymentSpec, config: KubeActuatorConfig): V1Deployment {
  if (!config.template) throw new MissingTemplateError(spec.name);
  const labels = ownedLabels(config.scaler, spec.name, spec.stage, spec.variant);
  const template = structuredClone(config.template) as unknown as {
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    spec: { containers: V1Container[] };
  };
  const target = managedContainerName(config);
  template.spec.containers = template.spec.containers.map((c) => {
    if (c.name !== target) return c;
    const env = (c.env ?? []).filter((e) => e.name !== BATCH_ENV && e.name !== 'INFSCALE_VARIANT');
    return {
      ...c,
      image: config.images[spec.variant] ?? c.image,
      resources: guaranteedResources(spec.cores, config.memory),
      resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
      env: [...env, { name: BATCH_ENV, value: String(spec.batch) }, { name: 'INFSCALE_VARIANT', value: spec.variant }],
    };
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: spec.name, namespace: config.namespace, labels, annotations: { [CORES_ANNOTATION]: formatCpu(spec.cores) } },
    spec: {
      replicas: spec.replicas,
      selector: { matchLabels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [SCALER_LABEL]: config.scaler, [DEPLOYMENT_LABEL]: spec.name } },
      template: { metadata: { ...template.metadata, labels: { ...(template.metadata?.labels ?? {}), ...labels } }, spec: template.spec },
    },
  };
}

/** The cores a container asks for: its cpu limit, else its request. */
export function containerCores(c: V1Container | undefined): number | undefined {
  const q = c?.resources?.limits?.cpu ?? c?.resources?.requests?.cpu;
  return q === undefined ? undefined : parseCpu(String(q));
}

const RESIZE_RANK = { infeasible: 3, deferred: 2, 'in-progress': 1 } as const;

/** The deployment's batch: the annotation (batchEnv: false), else the managed container's env; 1 when neither. */
export function batchOf(d: V1Deployment, config: Pick<KubeActuatorConfig, 'batchEnv' | 'container'>): number {
  const container = managedContainer(d.spec?.template.spec?.containers, config);
  const annotated = config.batchEnv ? undefined : d.metadata?.annotations?.[BATCH_ANNOTATION];
  const value = annotated ?? container?.env?.find((e) => e.name === BATCH_ENV)?.value;
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : 1;
}

/** What current() reports for one owned deployment and its pods; `refused`: pods whose resize the API server refused (ResizeRefusals). */
export function toDeploymentStatus(
  d: V1Deployment,
  pods: V1Pod[],
  config: KubeActuatorConfig,
  refused: Record<string, { state: PodResizeState }> = {},
): DeploymentStatus {
  const labels = d.metadata?.labels ?? {};
  const container = managedContainer(d.spec?.template.spec?.containers, config);
  const annotated = d.metadata?.annotations?.[CORES_ANNOTATION];
  const cores = annotated !== undefined ? parseCpu(annotated) : (containerCores(container) ?? 0);
  const batch = batchOf(d, config);
  const name = managedContainerName(config, d.spec?.template.spec?.containers);
  const actual = pods.map((p) => {
    const q = p.status?.containerStatuses?.find((s) => s.name === name)?.resources?.limits?.cpu;
    return q === undefined ? cores : parseCpu(String(q));
  });
  let resize: DeploymentStatus['resize'];
  for (const pod of pods) {
    // A resize the API server refused at admission shows nowhere on the pod: the actuator's memory of it counts.
    const state = refused[pod.metadata?.name ?? '']?.state ?? podResizeState(pod, name, cores).state;
    if (state in RESIZE_RANK && (!resize || RESIZE_RANK[state as keyof typeof RESIZE_RANK] > RESIZE_RANK[resize])) resize = state as DeploymentStatus['resize'];
  }
  return {
    name: d.metadata?.name ?? '',
    variant: labels[VARIANT_LABEL] ?? '',
    stage: labels[STAGE_LABEL] ?? 'main',
    replicas: d.spec?.replicas ?? 1,
    cores,
    batch,
    readyReplicas: d.status?.readyReplicas ?? 0,
    actualCores: actual.length > 0 ? Math.min(...actual) : cores,
    ...(resize ? { resize } : {}),
  };
}
