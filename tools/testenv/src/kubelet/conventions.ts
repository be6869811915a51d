/** The kubelet side of the node conventions; the shared ones live with the tests' client (@infscale/kube/testing). */
export { CAPACITY_ANNOTATIONS, DEFAULT_NODE_MEMORY, DEFAULT_NODE_PODS, STAND_IN_LABEL, STAND_IN_VALUE, TIMING_ANNOTATIONS } from '@infscale/kube/testing';

/** The namespace where kubelets renew their node leases (the node lifecycle controller reads them). */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
