/** The labels and annotations through which tests and the kubelet stand-in agree on nodes. */

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

/** The namespace where kubelets renew their node leases (the node lifecycle controller reads them). */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

