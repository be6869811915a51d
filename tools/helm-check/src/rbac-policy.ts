import type { ActuatorNeeds } from '@infscale/scalers';

/**
 * The documented Role of each scaler: exactly the API calls packages/kube's KubernetesActuator makes for
 * the actions that scaler plans (its registry entry's actuator needs), in its namespace. helm/README.md
 * explains each line; the chart's Role must equal the chosen scaler's list, rule for rule.
 */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
  verbs: string[];
}

/** The ConfigMap the dispatchers watch (packages/kube conventions ROUTING_CONFIGMAP). */
export const ROUTING_CONFIGMAP = 'infscale-routing';

/** What a Role's names depend on: the release's Lease, and the target deployment of a scaler that creates none. */
export interface RoleNames {
  leaseName: string;
  /** The deployment a scaler that creates none changes (sponge.targetRef.name); only its Role names it. */
  target: string;
  /** The resize readiness gate is set (sponge.resizeReadinessGate): the scaler also writes its pods' gate condition (pods/status). */
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

/**
 * InfAdapter and IPA: create, re-template, scale and delete their own deployments; publish routing.
 * pods/resize (and the pod read of a dry run's resize) only when the config resizes in place.
 */
function deploymentOwnerRules(leaseName: string, inPlace: boolean): PolicyRule[] {
  return [
    { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'create', 'patch', 'delete'] },
    { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['patch'] },
    ...(inPlace
      ? [
          { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
          { apiGroups: [''], resources: ['pods/resize'], verbs: ['patch'] },
        ]
      : [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]),
    { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
    { apiGroups: [''], resources: ['configmaps'], resourceNames: [ROUTING_CONFIGMAP], verbs: ['get', 'patch'] },
    ...commonRules(leaseName),
  ];
}

/** Sponge: resizes, scales and batches one deployment it did not create; creates, deletes and routes nothing. */
function targetRules({ leaseName, target, resizeReadinessGate }: RoleNames): PolicyRule[] {
  return [
    { apiGroups: ['apps'], resources: ['deployments'], verbs: ['list'] },
    { apiGroups: ['apps'], resources: ['deployments'], resourceNames: [target], verbs: ['get', 'patch'] },
    { apiGroups: ['apps'], resources: ['deployments/scale'], resourceNames: [target], verbs: ['patch'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
    { apiGroups: [''], resources: ['pods/resize'], verbs: ['patch'] },
    ...(resizeReadinessGate ? [{ apiGroups: [''], resources: ['pods/status'], verbs: ['patch'] }] : []),
    { apiGroups: [''], resources: ['configmaps'], resourceNames: [ROUTING_CONFIGMAP], verbs: ['get'] },
    ...commonRules(leaseName),
  ];
}

/** A scaler that creates deployments owns them (InfAdapter, IPA); one that creates none changes a named target (Sponge). */
export function expectedRoleRules(needs: ActuatorNeeds, names: RoleNames): PolicyRule[] {
  const inPlace = needs.resize.some((mode) => mode !== 'restart');
  return needs.actions.includes('create') ? deploymentOwnerRules(names.leaseName, inPlace) : targetRules(names);
}

/** Verbs that would widen the Role beyond what the actuator does; never granted. */
export const FORBIDDEN_VERBS = ['*', 'watch', 'deletecollection', 'escalate', 'bind', 'impersonate'];
