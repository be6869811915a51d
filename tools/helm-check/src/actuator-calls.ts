/**
 * Reads the API calls of packages/kube's client seam (kube-client.ts: `this.apps.patchNamespacedDeploymentScale(…)`
 * and the like) and turns them into RBAC permissions, so the chart's Role can be checked against the
 * code it serves instead of against a list that could drift from it.
 */

/** client-node operation prefix → RBAC verb. */
const VERBS: Record<string, string> = { read: 'get', list: 'list', create: 'create', patch: 'patch', delete: 'delete', replace: 'update' };

/** client-node resource part → API group and RBAC resource (subresources after a slash). */
const RESOURCES: Record<string, { group: string; resource: string }> = {
  Deployment: { group: 'apps', resource: 'deployments' },
  DeploymentScale: { group: 'apps', resource: 'deployments/scale' },
  Pod: { group: '', resource: 'pods' },
  PodResize: { group: '', resource: 'pods/resize' },
  ConfigMap: { group: '', resource: 'configmaps' },
  Lease: { group: 'coordination.k8s.io', resource: 'leases' },
  Event: { group: '', resource: 'events' },
};

/** Permissions as "group/resource:verb" strings, sorted and unique. */
export function actuatorPermissions(kubeClientSource: string): string[] {
  const calls = [...kubeClientSource.matchAll(/\bthis\.\w+\.(read|list|create|patch|delete|replace)Namespaced(\w+)\s*\(/g)];
  if (calls.length === 0) throw new Error('no client-node calls found: has the kube client moved?');
  const out = new Set<string>();
  for (const [, op, kind] of calls) {
    const target = RESOURCES[kind as string];
    if (!target) throw new Error(`unknown client-node resource ${kind}: add it to actuator-calls.ts and decide its RBAC`);
    out.add(`${target.group}/${target.resource}:${VERBS[op as string]}`);
  }
  return [...out].sort();
}

/** The same strings for a Role's rules (resourceNames do not matter for coverage). */
export function rolePermissions(rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[]): string[] {
  const out = new Set<string>();
  for (const r of rules) for (const g of r.apiGroups) for (const res of r.resources) for (const v of r.verbs) out.add(`${g}/${res}:${v}`);
  return [...out].sort();
}
