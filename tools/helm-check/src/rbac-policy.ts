/**
 * The documented Role: exactly the API calls of packages/kube's KubernetesActuator in its namespace.
 * helm/README.md explains each line; the chart's Role must equal this list, rule for rule.
 */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
  verbs: string[];
}

/** The ConfigMap the dispatchers watch (packages/kube conventions ROUTING_CONFIGMAP). */
export const ROUTING_CONFIGMAP = 'infscale-routing';

export function expectedRoleRules(leaseName: string): PolicyRule[] {
  return [
    { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'create', 'patch', 'delete'] },
    { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['patch'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
    { apiGroups: [''], resources: ['pods/resize'], verbs: ['patch'] },
    { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
    { apiGroups: [''], resources: ['configmaps'], resourceNames: [ROUTING_CONFIGMAP], verbs: ['get', 'patch'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [leaseName], verbs: ['get', 'update'] },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
  ];
}

/** Verbs that would widen the Role beyond what the actuator does; never granted. */
export const FORBIDDEN_VERBS = ['*', 'watch', 'deletecollection', 'escalate', 'bind', 'impersonate'];
