/**
 * The labels and annotations through which tests, the testenv kubelet stand-in and the API server
 * agree on nodes. Each test namespace gets nodes of its own: its pods are sent there by the API
 * server's PodNodeSelector and PodTolerationRestriction admission plugins (the namespace's
 * annotations), and the nodes' taint keeps every other test's pods off them.
 */
import type { V1Node, V1Taint } from '@kubernetes/client-node';

/** Nodes with this label (value `stand-in`) are served by the kubelet stand-in. */
export const STAND_IN_LABEL = 'testenv.infscale.io/kubelet';
export const STAND_IN_VALUE = 'stand-in';

/** A node's capacity, written by whoever registers it; the stand-in reports it as capacity and allocatable. */
export const CAPACITY_ANNOTATIONS = {
  cpu: 'testenv.infscale.io/cpu',
  memory: 'testenv.infscale.io/memory',
  pods: 'testenv.infscale.io/pods',
} as const;

export const DEFAULT_NODE_MEMORY = '64Gi';
export const DEFAULT_NODE_PODS = '110';

/** Label and taint key of a test's own nodes; the value is the namespace that owns them. */
export const POOL_KEY = 'testenv.infscale.io/pool';

/** The namespace annotations of the PodNodeSelector and PodTolerationRestriction admission plugins. */
export const NODE_SELECTOR_ANNOTATION = 'scheduler.alpha.kubernetes.io/node-selector';
export const DEFAULT_TOLERATIONS_ANNOTATION = 'scheduler.alpha.kubernetes.io/defaultTolerations';

/** Per-pod timing of the kubelet stand-in (pod annotations, milliseconds). */
export const TIMING_ANNOTATIONS = {
  /** From container start to ContainersReady (a model server loading its model); default 0. */
  readyDelayMs: 'testenv.infscale.io/ready-delay-ms',
  /** From an accepted resize to the new resources in status (PodResizeInProgress meanwhile); default 1000. */
  resizeDelayMs: 'testenv.infscale.io/resize-delay-ms',
  /** From the deletion request to the pod's removal, capped by its grace period; default 0. */
  stopDelayMs: 'testenv.infscale.io/stop-delay-ms',
} as const;

export type PodTimingAnnotations = Partial<Record<keyof typeof TIMING_ANNOTATIONS, number>>;

/** The annotations that give a pod template these stand-in timings. */
export function timingAnnotations(timing: PodTimingAnnotations): Record<string, string> {
  return Object.fromEntries(Object.entries(timing).map(([key, ms]) => [TIMING_ANNOTATIONS[key as keyof typeof TIMING_ANNOTATIONS], String(ms)]));
}

export interface NodeSpec {
  name: string;
  /** Allocatable CPU, a quantity ("4", "2500m"). */
  cpu: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  /** E.g. a NoSchedule taint that keeps other tests' pods off a node a test owns. */
  taints?: V1Taint[];
}

/** The Node object a registrar creates; the stand-in serves it from then on (status, lease, its pods). */
export function nodeManifest(spec: NodeSpec): V1Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: spec.name,
      labels: {
        'kubernetes.io/hostname': spec.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        [STAND_IN_LABEL]: STAND_IN_VALUE,
        ...spec.labels,
      },
      annotations: {
        [CAPACITY_ANNOTATIONS.cpu]: spec.cpu,
        [CAPACITY_ANNOTATIONS.memory]: spec.memory ?? DEFAULT_NODE_MEMORY,
        [CAPACITY_ANNOTATIONS.pods]: spec.pods ?? DEFAULT_NODE_PODS,
      },
    },
    spec: spec.taints?.length ? { taints: spec.taints } : {},
  };
}

/** A node of `pool`: labelled and tainted with it, so only the pool's namespace schedules there. */
export function poolNode(pool: string, name: string, cpu: string): NodeSpec {
  return { name, cpu, labels: { [POOL_KEY]: pool }, taints: [{ key: POOL_KEY, value: pool, effect: 'NoSchedule' }] };
}

/** The namespace annotations that send every pod of the namespace to `pool`'s nodes, tolerating their taint. */
export function poolNamespaceAnnotations(pool: string): Record<string, string> {
  return {
    [NODE_SELECTOR_ANNOTATION]: `${POOL_KEY}=${pool}`,
    [DEFAULT_TOLERATIONS_ANNOTATION]: JSON.stringify([{ key: POOL_KEY, operator: 'Equal', value: pool, effect: 'NoSchedule' }]),
  };
}

export function nodeReady(node: V1Node): boolean {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  const notReadyTaint = (node.spec?.taints ?? []).some((t) => t.key === 'node.kubernetes.io/not-ready' || t.key === 'node.kubernetes.io/unreachable');
  return ready && !notReadyTaint;
}
