import type { V1Lease, V1Node, V1NodeCondition } from '@kubernetes/client-node';
import { microTime } from '@infscale/kube';
import { CAPACITY_ANNOTATIONS, DEFAULT_NODE_MEMORY, DEFAULT_NODE_PODS } from './conventions';
import { parseAmounts, parseQuantity, type Amounts } from './quantity';

/**
 * What a kubelet reports about its node, as pure functions: the status (capacity, the four
 * conditions, addresses, node info) and the lease it renews. The node lifecycle controller
 * takes the not-ready taint off once Ready is True, and taints the node if the lease goes stale.
 */

export interface NodeCapacity {
  cpu: string;
  memory: string;
  pods: string;
}

/** The capacity the node's registrar wrote in its annotations; an error names the bad one. */
export function nodeCapacity(node: V1Node): NodeCapacity {
  const annotations = node.metadata?.annotations ?? {};
  const capacity = {
    cpu: annotations[CAPACITY_ANNOTATIONS.cpu],
    memory: annotations[CAPACITY_ANNOTATIONS.memory] ?? DEFAULT_NODE_MEMORY,
    pods: annotations[CAPACITY_ANNOTATIONS.pods] ?? DEFAULT_NODE_PODS,
  };
  if (capacity.cpu === undefined) throw new Error(`node ${node.metadata?.name}: annotation ${CAPACITY_ANNOTATIONS.cpu} is missing (e.g. "4")`);
  for (const [resource, value] of Object.entries(capacity)) {
    const annotation = CAPACITY_ANNOTATIONS[resource as keyof NodeCapacity];
    let parsed: number;
    try {
      parsed = parseQuantity(value!);
    } catch {
      throw new Error(`node ${node.metadata?.name}: annotation ${annotation} is "${value}", not a quantity (e.g. "4", "64Gi")`);
    }
    if (!(parsed > 0)) throw new Error(`node ${node.metadata?.name}: annotation ${annotation} is "${value}"; it must be positive`);
  }
  return capacity as NodeCapacity;
}

export function capacityAmounts(capacity: NodeCapacity): Amounts {
  return parseAmounts({ cpu: capacity.cpu, memory: capacity.memory });
}

export interface NodeInfo {
  kubeletVersion: string;
  hostIp: string;
}

function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const CONDITIONS: { type: string; status: string; reason: string; message: string }[] = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status (testenv stand-in)' },
];

/** The node status a healthy kubelet posts at `now`. */
export function nodeStatus(node: V1Node, capacity: NodeCapacity, info: NodeInfo, now: number): Record<string, unknown> {
  const previous = node.status?.conditions ?? [];
  const resources = { cpu: capacity.cpu, memory: capacity.memory, pods: capacity.pods, 'ephemeral-storage': '100Gi' };
  const since = (c: (typeof CONDITIONS)[number]) => {
    const before = previous.find((p: V1NodeCondition) => p.type === c.type);
    return before?.status === c.status && before.lastTransitionTime ? iso(new Date(before.lastTransitionTime).getTime()) : iso(now);
  };
  return {
    capacity: resources,
    allocatable: resources,
    conditions: CONDITIONS.map((c) => ({ ...c, lastHeartbeatTime: iso(now), lastTransitionTime: since(c) })),
    // Loopback only: anything that tries to reach "the kubelet" (kubectl logs) stays on this machine.
    addresses: [
      { type: 'InternalIP', address: info.hostIp },
      { type: 'Hostname', address: node.metadata?.name ?? '' },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: node.metadata?.uid ?? '',
      systemUUID: node.metadata?.uid ?? '',
      bootID: node.metadata?.uid ?? '',
      kernelVersion: 'testenv',
      osImage: 'infscale testenv kubelet stand-in',
      containerRuntimeVersion: 'testenv://0',
      kubeletVersion: info.kubeletVersion,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

/** A status write is due when the reported capacity differs, Ready is not True, or the last report is older than `reportEveryMs`. */
export function nodeStatusDue(node: V1Node, capacity: NodeCapacity, now: number, reportEveryMs: number): boolean {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status !== 'True' || !ready.lastHeartbeatTime) return true;
  if (now - new Date(ready.lastHeartbeatTime).getTime() >= reportEveryMs) return true;
  const reported = node.status?.allocatable ?? {};
  const want = capacityAmounts(capacity);
  const have = parseAmounts({ cpu: reported.cpu ?? '0', memory: reported.memory ?? '0' });
  return Math.round(want.cpu! * 1000) !== Math.round(have.cpu! * 1000) || want.memory !== have.memory || reported.pods !== capacity.pods;
}

/** The node's lease as its kubelet renews it (owned by the Node, so it goes when the Node does). */
export function nodeLease(node: V1Node, namespace: string, now: number, durationSeconds: number): V1Lease {
  const name = node.metadata?.name ?? '';
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name,
      namespace,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata?.uid ?? '' }],
    },
    // MicroTime: the API server takes exactly six fractional digits (client-node would send a Date as three).
    spec: { holderIdentity: name, leaseDurationSeconds: durationSeconds, renewTime: microTime(now) as unknown as Date },
  };
}
