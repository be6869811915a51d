import { parse } from 'yaml';
import { kubeSchemaProblem } from './kube-schemas';
import { policyViolations } from './policy';
import { render, RELEASE, valueCases, objectOf } from './test-support/charts';

describe.each(valueCases())('helm/infscale with $name', ({ values }) => {
  const rendered = render(values);

  it('renders the expected kinds, each valid against its Kubernetes schema', () => {
    const kinds = rendered.objects.map((o) => o.object.kind);
    expect(kinds).toEqual(expect.arrayContaining(['ConfigMap', 'Deployment', 'Role', 'RoleBinding', 'Service', 'ServiceAccount']));
    for (const { template, object } of rendered.objects) {
      expect({ template, problem: kubeSchemaProblem(object) }).toEqual({ template, problem: undefined });
    }
  });

  it('obeys the policy: one namespace, documented Role, locked-down pod', () => {
    expect(policyViolations(rendered.objects, RELEASE.namespace, 'demo-leader')).toEqual([]);
  });

  it('mounts a config document of the chosen scaler', () => {
    const data = objectOf(rendered, 'ConfigMap', '-config').data as Record<string, string>;
    const doc = parse(data['config.yaml'] as string) as { kind: string; spec: Record<string, unknown> };
    const scaler = (rendered.values as { scaler: string }).scaler;
    expect(doc.kind).toBe('ScalerConfig');
    expect(doc.spec.scaler).toBe(scaler);
    expect(doc.spec.interval).toBe((rendered.values as Record<string, { interval: string }>)[scaler]?.interval);
    expect((doc.spec.prometheus as { namespace: string }).namespace).toBe(RELEASE.namespace);
    expect(JSON.stringify(doc)).not.toMatch(/token|password/i);
  });

  it('renders NOTES.txt naming the namespace', () => {
    expect(rendered.notes).toContain(`namespace ${RELEASE.namespace}`);
  });
});
