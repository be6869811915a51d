import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { actuatorPermissions, dryRunReads, functionBody, kubeApiCallsIn, kubeApiMethodPermissions, rolePermissions } from './actuator-calls';
import { ACTUATOR_STEPS, kubeApiCallsOf, permissionsOf, scalerSteps, type ActuatorStep } from './actuator-steps';
import { scalerRegistry } from '@infscale/scalers';
import { expectedRoleRules, ROUTING_CONFIGMAP, type PolicyRule } from './rbac-policy';
import {
  CHART_DIR,
  documentedRoleRules,
  objectOf,
  render,
  renderCase,
  renderedConfigText,
  renderedScalerSection,
  valueCasesOf,
  type ValueCase,
} from './test-support/charts';
import type { Value } from './merge-values';

const REPO = join(__dirname, '../../..');
const KUBE_SRC = join(REPO, 'packages/kube/src');
const readKube = (file: string): string => {
  const path = join(KUBE_SRC, file);
  if (!existsSync(path)) throw new Error(`${path} is gone: point actuator-steps.ts at the actuator's code`);
  return readFileSync(path, 'utf8');
};
/** The scalers the chart deploys: the registry's. */
const SCALERS = scalerRegistry.deployed.map((e) => e.name);

const roleRules = (values: Value, release?: { name: string; namespace: string }): PolicyRule[] =>
  (objectOf(render(values, release), 'Role') as { rules: PolicyRule[] }).rules;

const GATE = 'infscale.io/resized';
const gated: Value = { scaler: 'sponge', sponge: { resizeReadinessGate: GATE } };
const gateOn = (values: Value): boolean => Boolean((values as { sponge?: { resizeReadinessGate?: string } }).sponge?.resizeReadinessGate);
/** InfAdapter's ways of resizing, beside its defaults (the improved method, in place or by a restart). */
const INFADAPTER_RESIZE_CASES: ValueCase[] = [
  { name: 'method: paper', files: [], values: { scaler: 'infadapter', infadapter: { method: 'paper' } } },
  { name: 'resize: restart', files: [], values: { scaler: 'infadapter', infadapter: { resize: 'restart' } } },
  { name: 'resize: in-place', files: [], values: { scaler: 'infadapter', infadapter: { resize: 'in-place' } } },
  {
    name: 'method: paper, resize: in-place-or-restart',
    files: [],
    values: { scaler: 'infadapter', infadapter: { method: 'paper', resize: 'in-place-or-restart' } },
  },
];
/** Each scaler's cases, Sponge's once more with its readiness gate on (no example turns it on), InfAdapter's with each way of resizing. */
const casesOf = (scaler: string): ValueCase[] => [
  ...valueCasesOf(scaler),
  ...(scaler === 'sponge' ? [{ name: 'sponge.resizeReadinessGate set', files: [], values: gated }] : []),
  ...(scaler === 'infadapter' ? INFADAPTER_RESIZE_CASES : []),
];

describe.each(SCALERS)('the %s Role', (scaler) => {
  it.each(casesOf(scaler))('with $name grants exactly the calls of the actions this scaler plans (its registry entry, for the config rendered)', (c) => {
    const rendered = renderCase(c);
    const steps = scalerSteps(scaler, renderedScalerSection(rendered), { resizeReadinessGate: gateOn(rendered.values as Value) });
    expect(rolePermissions((objectOf(rendered, 'Role') as { rules: PolicyRule[] }).rules)).toEqual(permissionsOf(steps, readKube));
  });

  it('limits the Lease (and the routing ConfigMap) to their names; only create and list go unnamed (RBAC sees no name there)', () => {
    const rules = roleRules({ scaler });
    for (const rule of rules.filter((r) => ['configmaps', 'leases'].includes(r.resources[0] as string))) {
      if (!rule.resourceNames) expect(rule.verbs).toEqual(['create']);
    }
    expect(rules.find((r) => r.resources[0] === 'leases' && r.resourceNames)?.resourceNames).toEqual(['demo-leader']);
    expect(rules.filter((r) => r.resources[0] === 'configmaps' && r.resourceNames).map((r) => r.resourceNames)).toEqual([[ROUTING_CONFIGMAP]]);
  });

  it('names in the config document the same Lease the Role lets it renew', () => {
    const rendered = render({ scaler });
    const config = parse(renderedConfigText(rendered)) as { spec: { kubernetes: { leaderElection: { leaseName: string } } } };
    const leaseRule = (objectOf(rendered, 'Role') as { rules: PolicyRule[] }).rules.find((r) => r.resources[0] === 'leases' && r.resourceNames);
    expect(leaseRule?.resourceNames).toEqual([config.spec.kubernetes.leaderElection.leaseName]);
  });

  it('follows the release name in the Lease it may renew', () => {
    const rules = JSON.stringify(roleRules({ scaler }, { name: 'other', namespace: 'models' }));
    expect(rules).toContain('"other-leader"');
    expect(rules).not.toContain('demo-leader');
  });
});

describe('least privilege between the scalers', () => {
  it('the union of the three Roles (Sponge with its readiness gate on) is every call packages/kube can make, no more and no fewer', () => {
    const union = [...new Set([...SCALERS.flatMap((s) => rolePermissions(roleRules({ scaler: s }))), ...rolePermissions(roleRules(gated))])].sort();
    expect(union).toEqual(actuatorPermissions(readKube('kube-client.ts')));
  });

  it('every KubeApi method is called by some actuator step (a call outside the steps would go unchecked)', () => {
    const allSteps = Object.keys(ACTUATOR_STEPS) as ActuatorStep[];
    expect(kubeApiCallsOf(allSteps, readKube)).toEqual(Object.keys(kubeApiMethodPermissions(readKube('kube-client.ts'))).sort());
  });

  it('Sponge can neither create nor delete deployments, nor write any ConfigMap', () => {
    const sponge = rolePermissions(roleRules({ scaler: 'sponge' }));
    expect(sponge).not.toEqual(expect.arrayContaining(['apps/deployments:create']));
    for (const denied of ['apps/deployments:create', 'apps/deployments:delete', '/configmaps:create', '/configmaps:patch'])
      expect(sponge).not.toContain(denied);
  });

  it('pods/status patch only with the Sponge readiness gate on: off by default, and never for InfAdapter or IPA', () => {
    for (const scaler of SCALERS) expect(rolePermissions(roleRules({ scaler }))).not.toContain('/pods/status:patch');
    expect(rolePermissions(roleRules(gated))).toContain('/pods/status:patch');
    const rendered = render(gated);
    expect((objectOf(rendered, 'Role') as { rules: PolicyRule[] }).rules).toEqual(documentedRoleRules(rendered));
    const config = parse(renderedConfigText(rendered)) as { spec: { kubernetes: { resizeReadinessGate?: string }; scaler: Record<string, unknown> } };
    expect(config.spec.kubernetes.resizeReadinessGate).toBe(GATE);
    expect(config.spec.scaler).not.toHaveProperty('resizeReadinessGate'); // the actuator's key, not the scaler's
    expect(parse(renderedConfigText(render({ scaler: 'sponge' }))).spec.kubernetes).not.toHaveProperty('resizeReadinessGate');
  });

  it('IPA cannot resize pods in place (it resizes by a rolling restart); InfAdapter only when its config resizes in place', () => {
    expect(rolePermissions(roleRules({ scaler: 'ipa' }))).not.toContain('/pods/resize:patch');
    expect(rolePermissions(roleRules({ scaler: 'infadapter' }))).toEqual(expect.arrayContaining(['/pods/resize:patch', '/pods:get']));
    for (const infadapter of [{ method: 'paper' }, { resize: 'restart' }]) {
      const granted = rolePermissions(roleRules({ scaler: 'infadapter', infadapter } as Value));
      expect(granted).not.toContain('/pods/resize:patch');
      expect(granted).not.toContain('/pods:get');
    }
  });

  it('Sponge reads and writes only its target deployment, by name, following sponge.targetRef', () => {
    const rendered = render({ scaler: 'sponge', sponge: { targetRef: { name: 'bert-base' } } });
    const rules = (objectOf(rendered, 'Role') as { rules: PolicyRule[] }).rules;
    const config = parse(renderedConfigText(rendered)) as { spec: { kubernetes: { targets: string[] } } };
    const deploymentRules = rules.filter((r) => r.apiGroups[0] === 'apps');
    expect(deploymentRules.filter((r) => !r.resourceNames)).toEqual([{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['list'] }]);
    for (const rule of deploymentRules.filter((r) => r.resourceNames)) expect(rule.resourceNames).toEqual(config.spec.kubernetes.targets);
    expect(config.spec.kubernetes.targets).toEqual(['bert-base']);
    expect(rules).toEqual(documentedRoleRules(rendered));
  });

  it('a scaler the chart does not know has no Role to render', () => {
    expect(() => render({ scaler: 'vpa' })).toThrow(/scaler/);
  });
});

// What each scaler's decisions lead to is its registry entry's claim, checked against its plans in the
// simulator (packages/experiments, registry-actuator.test.ts). Here: the chart offers no config beyond it.
describe('the configs the chart offers', () => {
  it('InfAdapter resizes as its method says (the app sets no resize of its own), and the chart offers infadapter.resize', () => {
    const infadapter = scalerRegistry.get('infadapter');
    expect(infadapter.deployed({})).toEqual({});
    const resizeOf = (values: Value): unknown => infadapter.actuator(infadapter.deployed(renderedScalerSection(render(values)))).resize;
    const schema = JSON.parse(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8')) as {
      properties: { infadapter: { properties: Record<string, { enum?: unknown }>; additionalProperties: unknown } };
    };
    expect(schema.properties.infadapter.additionalProperties).toBe(false);
    expect(schema.properties.infadapter.properties.resize?.enum).toEqual(['restart', 'in-place', 'in-place-or-restart']);
    // The improved method (the default): in place, a rolling restart where the node cannot give the cores.
    for (const c of valueCasesOf('infadapter'))
      expect(infadapter.actuator(infadapter.deployed(renderedScalerSection(renderCase(c)))).resize).toEqual(['in-place-or-restart']);
    expect(resizeOf({ infadapter: { method: 'paper' } } as Value)).toEqual(['restart']);
    expect(resizeOf({ infadapter: { resize: 'restart' } } as Value)).toEqual(['restart']);
    expect(resizeOf({ infadapter: { method: 'paper', resize: 'in-place' } } as Value)).toEqual(['in-place']);
    expect(() => render({ infadapter: { resize: 'sideways' } } as Value)).toThrow(/infadapter/);
  });
});

describe('reading packages/kube', () => {
  it('actuatorPermissions maps client-node operations to RBAC verbs and subresources', () => {
    const source = 'this.apps.patchNamespacedDeploymentScale(x); this.coordination.replaceNamespacedLease(y); this.core.readNamespacedPod(z)';
    expect(actuatorPermissions(source)).toEqual(['/pods:get', 'apps/deployments/scale:patch', 'coordination.k8s.io/leases:update']);
  });

  it('refuses a resource it has no RBAC mapping for', () => {
    expect(() => actuatorPermissions('this.core.createNamespacedSecret(x)')).toThrow(/unknown client-node resource Secret/);
  });

  it('kubeApiMethodPermissions maps each ClientNodeKubeApi method to its one call', () => {
    const source = `export class ClientNodeKubeApi implements KubeApi {
  constructor(kc: KubeConfig) {
    this.apps = kc.makeApiClient(AppsV1Api);
  }

  async scaleDeployment(name: string, replicas: number): Promise<void> {
    await this.apps.patchNamespacedDeploymentScale({ name, body: { spec: { replicas } } });
  }

  readPod(name: string): Promise<V1Pod> {
    return this.core.readNamespacedPod({ name });
  }
}`;
    expect(kubeApiMethodPermissions(source)).toEqual({ scaleDeployment: 'apps/deployments/scale:patch', readPod: '/pods:get' });
  });

  it('functionBody finds functions and methods, not calls, and matches nested braces', () => {
    const source = `const x = helper(a);
export async function helper(ctx: Ctx, n: number): Promise<void> {
  if (n) { await ctx.api.readDeployment(\`\${n}\`); }
}
class A {
  async step(d: D): Promise<S> {
    return this.ctx.api.listPods(sel);
  }
}
after(api.deleteDeployment(x));`;
    expect(kubeApiCallsIn(functionBody(source, 'helper'))).toEqual(['readDeployment']);
    expect(kubeApiCallsIn(functionBody(source, 'step'))).toEqual(['listPods']);
    expect(() => functionBody(source, 'after')).toThrow(/function after not found/);
  });

  it('dryRunReads finds the reads a dry run makes instead of a write', () => {
    const source = `  readPod = (n: string) => this.inner.readPod(n);
  resizePod = async (name: string, patch: PatchBody) => this.would('resize pod', { name, patch }, await this.inner.readPod(name));
  deleteDeployment = (name: string) => this.would('delete deployment', { name }, undefined);`;
    expect(dryRunReads(source)).toEqual({ resizePod: ['readPod'] });
  });

  it('a step whose function is gone fails, naming the step', () => {
    const moved = (file: string): string => (file === 'actions.ts' ? '' : readKube(file));
    expect(() => permissionsOf(['create'], moved)).toThrow(/actions\.ts: function createAction not found \(step create/);
  });

  it('the documented lists are what the chart renders by default', () => {
    const infadapter = scalerRegistry.get('infadapter');
    expect(roleRules({})).toEqual(
      expectedRoleRules(infadapter.actuator(infadapter.deployed({ profile: 'infadapter-resnet' })), { leaseName: 'demo-leader', target: 'resnet18' }),
    );
  });
});
