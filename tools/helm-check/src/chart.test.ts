import { parse } from 'yaml';
import { kubeSchemaProblem } from './kube-schemas';
import { policyViolations } from './policy';
import { documentedRoleRules, lintChart, objectOf, RELEASE, renderCase, renderedConfigText, renderNotes, valueCases } from './test-support/charts';

// Every case as the pinned helm renders it: `helm template` (values checked against values.schema.json by helm).
describe.each(valueCases())('helm/infscale with $name', (c) => {
  const rendered = renderCase(c);

  it('passes helm lint --strict', () => {
    const lint = lintChart(c.files);
    expect({ code: lint.code, out: lint.stdout.match(/\[(WARNING|ERROR)\].*/g) ?? [] }).toEqual({ code: 0, out: [] });
  });

  it('renders the expected kinds, each valid against its Kubernetes schema', () => {
    const kinds = rendered.objects.map((o) => o.object.kind);
    expect(kinds).toEqual(expect.arrayContaining(['ConfigMap', 'Deployment', 'Role', 'RoleBinding', 'Service', 'ServiceAccount']));
    for (const { template, object } of rendered.objects) {
      expect({ template, problem: kubeSchemaProblem(object) }).toEqual({ template, problem: undefined });
    }
  });

  it('prints every value as intended: no Go formatting error (a port read as float64 under %d printed "%!d(float64=8080)")', () => {
    expect(rendered.stream).not.toMatch(/%!/);
  });

  it('obeys the policy: one namespace, documented Role, locked-down pod', () => {
    expect(policyViolations(rendered.objects, RELEASE.namespace, documentedRoleRules(rendered))).toEqual([]);
  });

  it("mounts the runtime's config document in its ScalerConfig envelope, without secrets", () => {
    const doc = parse(renderedConfigText(rendered)) as { apiVersion: string; kind: string; spec: Record<string, Record<string, unknown>> };
    const values = rendered.values as Record<string, Record<string, unknown>> & { scaler: string };
    expect({ apiVersion: doc.apiVersion, kind: doc.kind }).toEqual({ apiVersion: 'infscale.io/v1alpha1', kind: 'ScalerConfig' });
    expect(Object.keys(doc.spec).sort()).toEqual(['kubernetes', 'loop', 'prometheus', 'scaler', 'server']);
    expect(doc.spec.scaler?.interval).toBe(values[values.scaler]?.interval);
    expect(doc.spec.scaler).not.toHaveProperty('template');
    expect(doc.spec.prometheus?.namespace).toBe(RELEASE.namespace);
    expect(doc.spec.kubernetes?.namespace).toBe(RELEASE.namespace);
    // The admin token's file path is where a Secret is mounted, not the token itself.
    const text = JSON.stringify(doc).replace(/"(adminTokenFile|tokenFile)":"\/etc\/infscale\/admin\/token"/g, '');
    expect(text).not.toMatch(/token|password|secretDir|identityFromEnv/i);
  });

  it('leaves the lease identity to POD_NAME from the downward API', () => {
    const doc = parse(renderedConfigText(rendered)) as { spec: { kubernetes: { leaderElection: { leaseName: string; identity?: string } } } };
    expect(doc.spec.kubernetes.leaderElection).toMatchObject({ leaseName: 'demo-leader' });
    expect(doc.spec.kubernetes.leaderElection.identity).toBeUndefined();
    const env = (objectOf(rendered, 'Deployment') as { spec: { template: { spec: { containers: { env: unknown[] }[] } } } }).spec.template.spec.containers[0]!
      .env;
    expect(env).toContainEqual({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
  });
});

describe.each(valueCases())('NOTES.txt (helm install --dry-run=client) with $name', (c) => {
  it('names the namespace', () => {
    expect(renderNotes(c.values, c.files)).toContain(`namespace ${RELEASE.namespace}`);
  });
});
