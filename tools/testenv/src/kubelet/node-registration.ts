import type { V1Node, V1Taint } from '@kubernetes/client-node';
import { CAPACITY_ANNOTATIONS, DEFAULT_NODE_MEMORY, DEFAULT_NODE_PODS, STAND_IN_LABEL, STAND_IN_VALUE } from './conventions';

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
