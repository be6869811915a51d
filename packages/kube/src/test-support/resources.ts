/** Resource kinds of the fake server: URL segment, group, kind, apiVersion. */
export const Resources = {
  deployments: { resource: 'deployments', group: 'apps', kind: 'Deployment', apiVersion: 'apps/v1' },
  scale: { resource: 'deployments', group: 'autoscaling', kind: 'Scale', apiVersion: 'autoscaling/v1' },
  pods: { resource: 'pods', group: '', kind: 'Pod', apiVersion: 'v1' },
  configmaps: { resource: 'configmaps', group: '', kind: 'ConfigMap', apiVersion: 'v1' },
  events: { resource: 'events', group: '', kind: 'Event', apiVersion: 'v1' },
  leases: { resource: 'leases', group: 'coordination.k8s.io', kind: 'Lease', apiVersion: 'coordination.k8s.io/v1' },
} as const;
