/* eslint-disable @typescript-eslint/no-explicit-any -- the cases mutate rendered objects of any kind's shape */
import type { RenderedObject } from './policy';
import { policyViolations } from './policy';
import { documentedRoleRules, objectOf, render, RELEASE } from './test-support/charts';
import type { Value } from './merge-values';

/** The default render with one object changed; each case must be caught by the policy. */
function mutated(change: (objects: RenderedObject[]) => void): string[] {
  const rendered = render({});
  const objects = structuredClone(rendered.objects);
  change(objects);
  return policyViolations(objects, RELEASE.namespace, documentedRoleRules(rendered));
}

const deployment = (objects: RenderedObject[]): Record<string, any> => objects.find((o) => o.object.kind === 'Deployment')!.object;
const container = (objects: RenderedObject[]): Record<string, any> => deployment(objects).spec.template.spec.containers[0];

describe('policyViolations catches', () => {
  it.each<[string, (o: RenderedObject[]) => void, RegExp]>([
    ['a ClusterRole', (o) => o.push({ template: 't', object: { kind: 'ClusterRole', metadata: { name: 'x', namespace: 'models' } } }), /cluster-scoped kind/],
    ['an object in another namespace', (o) => void ((o[0] as RenderedObject).object.metadata = { name: 'x', namespace: 'default' }), /not in namespace models/],
    [
      'an extra verb',
      (o) => (o.find((x) => x.object.kind === 'Role')!.object.rules as { verbs: string[] }[])[0]!.verbs.push('watch'),
      /rules differ[\s\S]*forbidden verb watch/,
    ],
    [
      'a RoleBinding to a ClusterRole',
      (o) => void ((o.find((x) => x.object.kind === 'RoleBinding')!.object.roleRef as { kind: string }).kind = 'ClusterRole'),
      /roleRef must be a Role/,
    ],
    ['a writable root filesystem', (o) => void (container(o).securityContext.readOnlyRootFilesystem = false), /readOnlyRootFilesystem/],
    ['an added capability', (o) => void (container(o).securityContext.capabilities.add = ['NET_ADMIN']), /capabilities/],
    ['a root pod user', (o) => void (deployment(o).spec.template.spec.securityContext.runAsUser = 0), /runAsUser must not be 0/],
    ['no memory limit', (o) => void delete container(o).resources.limits.memory, /resources\.limits\.memory/],
    ['a liveness probe elsewhere', (o) => void (container(o).livenessProbe.httpGet.path = '/'), /liveness \/healthz/],
    [
      'no /tmp emptyDir',
      (o) => void (container(o).volumeMounts = container(o).volumeMounts.filter((m: { mountPath: string }) => m.mountPath !== '/tmp')),
      /emptyDir at \/tmp/,
    ],
    ['another config path', (o) => void (container(o).args = ['--config', '/config.yaml']), /args --config/],
  ])('%s', (_, change, message) => {
    expect(mutated(change).join('\n')).toMatch(message);
  });

  it('nothing in the untouched render', () => {
    expect(mutated(() => undefined)).toEqual([]);
  });
});

describe('policyViolations on a proxy (dataplane.enabled) catches', () => {
  const proxyMutated = (change: (proxy: Record<string, any>) => void): string[] => {
    const rendered = render({ dataplane: { enabled: true } });
    const objects = structuredClone(rendered.objects);
    change(objects.find((o) => o.object.kind === 'Deployment' && (o.object.metadata as { name: string }).name === 'demo-dispatcher')!.object);
    return policyViolations(objects, RELEASE.namespace, documentedRoleRules(rendered));
  };
  it.each<[string, (d: Record<string, any>) => void, RegExp]>([
    ['a mounted API token', (d) => void (d.spec.template.spec.automountServiceAccountToken = true), /no service account token/],
    ['two replicas', (d) => void (d.spec.replicas = 2), /one pod/],
    [
      'a readiness probe the proxy does not serve',
      (d) => void (d.spec.template.spec.containers[0].readinessProbe.httpGet.path = '/readyz'),
      /readinessProbe \/livez on the admin port/,
    ],
    [
      'a liveness probe on /healthz (it fails while the model server is wedged)',
      (d) => void (d.spec.template.spec.containers[0].livenessProbe.httpGet = { path: '/healthz', port: 'http' }),
      /livenessProbe \/livez on the admin port/,
    ],
    [
      'no admin port',
      (d) => void (d.spec.template.spec.containers[0].ports = d.spec.template.spec.containers[0].ports.filter((p: { name: string }) => p.name !== 'admin')),
      /a port named admin/,
    ],
    [
      '--admin-port elsewhere than the admin port',
      (d) => void d.spec.template.spec.containers[0].args.splice(d.spec.template.spec.containers[0].args.indexOf('--admin-port') + 1, 1, '9999'),
      /--admin-port is the port named admin/,
    ],
    [
      'an admin host open to all without a token',
      (d) => void d.spec.template.spec.containers[0].args.splice(d.spec.template.spec.containers[0].args.indexOf('--admin-token-file'), 2),
      /--admin-host 0\.0\.0\.0 needs --admin-token-file/,
    ],
    [
      'a token file outside the Secret',
      (d) => void d.spec.template.spec.containers[0].args.splice(d.spec.template.spec.containers[0].args.indexOf('--admin-token-file') + 1, 1, '/tmp/token'),
      /--admin-token-file in a Secret mounted read-only/,
    ],
    ['another entry point', (d) => void (d.spec.template.spec.containers[0].command = ['infscale']), /command node tools\/cli\/bin\/infscale\.js proxy/],
    ['a writable root filesystem', (d) => void (d.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false), /readOnlyRootFilesystem/],
  ])('%s', (_, change, message) => {
    expect(proxyMutated(change).join('\n')).toMatch(message);
  });

  it('nothing in the untouched render', () => {
    expect(proxyMutated(() => undefined)).toEqual([]);
  });
});

describe('the scaler Deployment', () => {
  it("is not selected by the actuator's ownership selector, so a scaler never scales itself", () => {
    const labels = (objectOf(render({}), 'Deployment') as { spec: { template: { metadata: { labels: Record<string, string> } } } }).spec.template.metadata
      .labels;
    // packages/kube conventions: ownedSelector(scaler) = app.kubernetes.io/managed-by=infscale,infscale.io/scaler=<scaler>
    expect(labels['app.kubernetes.io/managed-by']).not.toBe('infscale');
    expect(labels['infscale.io/scaler']).toBeUndefined();
  });

  it('rolls when the config changes (checksum annotation)', () => {
    const sum = (v: Value): string =>
      (objectOf(render(v), 'Deployment') as { spec: { template: { metadata: { annotations: Record<string, string> } } } }).spec.template.metadata.annotations[
        'checksum/config'
      ] as string;
    expect(sum({})).toMatch(/^[0-9a-f]{64}$/);
    expect(sum({ infadapter: { budget: { cores: 16 } } })).not.toBe(sum({}));
  });
});

describe('rbac.ownershipPolicy', () => {
  const policyOf = (values: Value) => render({ rbac: { ownershipPolicy: true }, ...(values as object) });

  it("InfAdapter and IPA: a policy and its binding, cluster-scoped but narrowing only this release's ServiceAccount in its namespace", () => {
    for (const scaler of ['infadapter', 'ipa']) {
      const rendered = policyOf({ scaler });
      const kinds = rendered.objects.filter((o) => o.template.endsWith('ownership-policy.yaml')).map((o) => o.object.kind);
      expect(kinds).toEqual(['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
      expect(policyViolations(rendered.objects, RELEASE.namespace, documentedRoleRules(rendered))).toEqual([]);
    }
  });

  it('Sponge: nothing (its Role names its one deployment); off by default', () => {
    expect(policyOf({ scaler: 'sponge' }).objects.filter((o) => o.template.endsWith('ownership-policy.yaml'))).toEqual([]);
    expect(render({}).objects.filter((o) => o.template.endsWith('ownership-policy.yaml'))).toEqual([]);
  });

  it.each<[string, (o: RenderedObject[]) => void, RegExp]>([
    [
      'a policy for every user',
      (o) => void ((o.find((x) => x.object.kind === 'ValidatingAdmissionPolicy')!.object as Record<string, any>).spec.matchConditions = []),
      /this release's ServiceAccount alone/,
    ],
    [
      'a binding to every namespace',
      (o) => void ((o.find((x) => x.object.kind === 'ValidatingAdmissionPolicyBinding')!.object as Record<string, any>).spec.matchResources = {}),
      /bind to namespace models only/,
    ],
    [
      'a binding that only warns',
      (o) => void ((o.find((x) => x.object.kind === 'ValidatingAdmissionPolicyBinding')!.object as Record<string, any>).spec.validationActions = ['Warn']),
      /\[Deny\]/,
    ],
  ])('catches %s', (_, change, message) => {
    const rendered = policyOf({});
    const objects = structuredClone(rendered.objects);
    change(objects);
    expect(policyViolations(objects, RELEASE.namespace, documentedRoleRules(rendered)).join('\n')).toMatch(message);
  });
});
