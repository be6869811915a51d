import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { actuatorPermissions, rolePermissions } from './actuator-calls';
import { expectedRoleRules } from './rbac-policy';
import { objectOf, render } from './test-support/charts';

const KUBE_CLIENT = join(__dirname, '../../../packages/kube/src/kube-client.ts');

describe('the Role', () => {
  const role = objectOf(render({}), 'Role') as { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] };

  it('grants exactly the calls packages/kube makes, no more and no fewer', () => {
    if (!existsSync(KUBE_CLIENT)) throw new Error(`${KUBE_CLIENT} is gone: point this test at the actuator's client seam`);
    expect(rolePermissions(role.rules)).toEqual(actuatorPermissions(readFileSync(KUBE_CLIENT, 'utf8')));
  });

  it('limits the routing ConfigMap and the Lease to their names, except create (RBAC sees no name there)', () => {
    const named = role.rules.filter((r) => 'resourceNames' in r);
    expect(named).toEqual(expectedRoleRules('demo-leader').filter((r) => r.resourceNames));
    for (const r of role.rules.filter((x) => !('resourceNames' in x) && ['configmaps', 'leases'].includes(x.resources[0] as string))) {
      expect(r.verbs).toEqual(['create']);
    }
  });

  it('names in the config document the same Lease the Role lets it renew', () => {
    const config = parse((objectOf(render({}), 'ConfigMap', '-config').data as Record<string, string>)['config.yaml'] as string);
    const leaseRule = role.rules.find((r) => r.resources[0] === 'leases' && 'resourceNames' in r) as unknown as { resourceNames: string[] };
    expect(leaseRule.resourceNames).toEqual([config.spec.kubernetes.leaderElection.leaseName]);
  });

  it('follows the release name in the Lease it may renew', () => {
    const other = objectOf(render({}, { name: 'other', namespace: 'models' }), 'Role') as typeof role;
    expect(JSON.stringify(other.rules)).toContain('"other-leader"');
    expect(JSON.stringify(other.rules)).not.toContain('demo-leader');
  });
});

describe('actuatorPermissions', () => {
  it('maps client-node operations to RBAC verbs and subresources', () => {
    const source = 'this.apps.patchNamespacedDeploymentScale(x); this.coordination.replaceNamespacedLease(y); this.core.readNamespacedPod(z)';
    expect(actuatorPermissions(source)).toEqual(['/pods:get', 'apps/deployments/scale:patch', 'coordination.k8s.io/leases:update']);
  });

  it('refuses a resource it has no RBAC mapping for', () => {
    expect(() => actuatorPermissions('this.core.createNamespacedSecret(x)')).toThrow(/unknown client-node resource Secret/);
  });
});
