/**
 * The documented Role of each scaler: exactly the API calls packages/kube's KubernetesActuator makes for
 * the actions that scaler plans, in its namespace. helm/README.md explains each line; the chart's Role
 * must equal the chosen scaler's list, rule for rule.
 */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
  verbs: string[];
}

/** The ConfigMap the dispatchers watch (packages/kube conventions ROUTING_CONFIGMAP). */
export const ROUTING_CONFIGMAP = 'infscale-routing';

export const SCALERS = ['infadapter', 'ipa', 'sponge'] as const;
export type ScalerName = (typeof SCALERS)[number];

/** What a Role's names depend on: the release's Lease, and Sponge's target deployment. */
export interface RoleNames {
  leaseName: string;
  /** sponge.targetRef.name; only Sponge's Role names it. */
  spongeTarget: string;
  /** sponge.resizeReadinessGate is set: Sponge also writes its pods' gate condition (pods/status). */
  resizeReadinessGate?: boolean;
}

/** Leader election and events: every scaler. */
function commonRules(leaseName: string): PolicyRule[] {
  return [
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [leaseName], verbs: ['get', 'update'] },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
  ];
}

/** InfAdapter and IPA: create, re-template, scale and delete their own deployments; publish routing. No pods/resize. */
function deploymentOwnerRules(leaseName: string): PolicyRule[] {
  return [
    { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'create', 'patch', 'delete'] },
    { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['patch'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
    { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
    { apiGroups: [''], resources: ['configmaps'], resourceNames: [ROUTING_CONFIGMAP], verbs: ['get', 'patch'] },
    ...commonRules(leaseName),
  ];
}

/** Sponge: resizes, scales and batches one deployment it did not create; creates, deletes and routes nothing. */
function spongeRules({ leaseName, spongeTarget, resizeReadinessGate }: RoleNames): PolicyRule[] {
  return [
    { apiGroups: ['apps'], resources: ['deployments'], verbs: ['list'] },
    { apiGroups: ['apps'], resources: ['deployments'], resourceNames: [spongeTarget], verbs: ['get', 'patch'] },
    { apiGroups: ['apps'], resources: ['deployments/scale'], resourceNames: [spongeTarget], verbs: ['patch'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
    { apiGroups: [''], resources: ['pods/resize'], verbs: ['patch'] },
    ...(resizeReadinessGate ? [{ apiGroups: [''], resources: ['pods/status'], verbs: ['patch'] }] : []),
    { apiGroups: [''], resources: ['configmaps'], resourceNames: [ROUTING_CONFIGMAP], verbs: ['get'] },
    ...commonRules(leaseName),
  ];
}

export function expectedRoleRules(scaler: ScalerName, names: RoleNames): PolicyRule[] {
  switch (scaler) {
    case 'infadapter':
    case 'ipa':
      return deploymentOwnerRules(names.leaseName);
    case 'sponge':
      return spongeRules(names);
  }
}

export function isScalerName(value: unknown): value is ScalerName {
  return (SCALERS as readonly unknown[]).includes(value);
}

/** Verbs that would widen the Role beyond what the actuator does; never granted. */
export const FORBIDDEN_VERBS = ['*', 'watch', 'deletecollection', 'escalate', 'bind', 'impersonate'];
