/**
 * The chart as the pinned helm renders it (`helm template`, values validated against
 * values.schema.json by helm itself), for the policy checks. A values case is what a user passes:
 * example files (-f) and values on top (-f, last).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  CHART_DIR,
  exampleValuesFiles,
  helmBinary,
  helmNotes,
  helmSync,
  helmTemplate,
  type HelmResult,
  type Release,
  type RenderedChart,
} from '@infscale/kube/testing';
import { parse } from 'yaml';
import { mergeValues, type Value } from '../merge-values';
import { scalerRegistry } from '@infscale/scalers';
import { expectedRoleRules, type PolicyRule } from '../rbac-policy';

export { CHART_DIR };
export const RELEASE: Release = { name: 'demo', namespace: 'models' };

/** A values case: example files, then values. */
export interface ValueCase {
  name: string;
  files: string[];
  values: Value;
}

/** A render, with the values it came from merged over the chart's defaults (what the templates saw). */
export interface Render extends RenderedChart {
  values: Record<string, unknown>;
}

const readYaml = (file: string): Value => (parse(readFileSync(file, 'utf8')) as Value) ?? {};

/** The chart's values.yaml. */
export function chartDefaults(): Value {
  return readYaml(join(CHART_DIR, 'values.yaml'));
}

/** Every values case CI renders: the defaults, then each examples/*.yaml. */
export function valueCases(): ValueCase[] {
  return [
    { name: 'defaults', files: [], values: {} },
    ...exampleValuesFiles().map((file) => ({ name: `examples/${basename(file)}`, files: [file], values: {} })),
  ];
}

/** The values cases of one scaler: its defaults and every examples/ file that selects it. */
export function valueCasesOf(scaler: string): ValueCase[] {
  return valueCases()
    .map((c) => (c.name === 'defaults' ? { ...c, name: `defaults (scaler: ${scaler})`, values: { scaler } } : c))
    .filter(
      (c) =>
        (
          mergeValues(
            {},
            [...c.files.map(readYaml), c.values].reduce((a, b) => mergeValues(a, b), {}),
          ) as { scaler?: string }
        ).scaler === scaler,
    );
}

/** `helm template` of a case with more values on top; throws with helm's message (schema problems included). */
export function renderCase(c: ValueCase, extra: Value = {}, release = RELEASE): Render {
  const values = mergeValues(c.values, extra);
  const rendered = helmTemplate(values, { files: c.files, release });
  const merged = [chartDefaults(), ...c.files.map(readYaml), values].reduce((a, b) => mergeValues(a, b)) as Record<string, unknown>;
  return { ...rendered, values: merged };
}

/** `helm template` of values over the chart's defaults. */
export function render(values: Value = {}, release = RELEASE): Render {
  return renderCase({ name: 'values', files: [], values }, {}, release);
}

/**
 * What helm says is wrong with these values (values.schema.json, checked by helm before rendering):
 * one line per problem, `dotted.path: message`, or [] when helm renders them.
 */
export function valueProblems(values: Value, files: string[] = []): string[] {
  try {
    helmTemplate(values, { files, release: RELEASE });
    return [];
  } catch (err) {
    const text = (err as Error).message;
    const problems = [...text.matchAll(/^- at '([^']*)': (.*)$/gm)].map(
      ([, at, message]) => `${(at ?? '').replace(/^\//, '').replace(/\//g, '.') || '(root)'}: ${message}`,
    );
    if (problems.length === 0) throw err;
    return problems;
  }
}

/** NOTES.txt of a render of these values (after `files`), as `helm install --dry-run=client` prints it. */
export function renderNotes(values: Value = {}, files: string[] = [], release = RELEASE): string {
  return helmNotes(values, { files, release });
}

/** `helm lint --strict` of the chart with these values files (no cluster). */
export function lintChart(files: string[]): HelmResult {
  const home = mkdtempSync(join(tmpdir(), 'infscale-helm-'));
  try {
    return helmSync({ helm: helmBinary(), stateDir: home, adminKubeconfig: '/dev/null' }, ['lint', '--strict', CHART_DIR, ...files.flatMap((f) => ['-f', f])], {
      allowFailure: true,
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

export function objectOf(r: RenderedChart, kind: string, suffix = ''): Record<string, unknown> {
  const found = r.objects.find((o) => o.object.kind === kind && String((o.object.metadata as { name: string }).name).endsWith(suffix));
  if (!found) throw new Error(`no ${kind} rendered`);
  return found.object;
}

/** The config.yaml the chart mounts, as the scaler reads it (the runtime parses this very text). */
export function renderedConfigText(r: RenderedChart): string {
  return (objectOf(r, 'ConfigMap', '-config').data as Record<string, string>)['config.yaml'] as string;
}

/** The `scaler` section of the config.yaml a render mounts: what the app builds its scaler from. */
export function renderedScalerSection(r: RenderedChart): Record<string, unknown> {
  return (parse(renderedConfigText(r)) as { spec: { scaler: Record<string, unknown> } }).spec.scaler;
}

/** The documented Role of a render: its scaler's list (by its actuator needs), with the release's Lease and Sponge's target. */
export function documentedRoleRules(r: Render, release = RELEASE): PolicyRule[] {
  const values = r.values as { scaler: string; sponge: { targetRef: { name: string }; resizeReadinessGate?: string } };
  const entry = scalerRegistry.get(values.scaler);
  return expectedRoleRules(entry.actuator(entry.deployed(renderedScalerSection(r))), {
    leaseName: `${release.name}-leader`,
    target: values.sponge.targetRef.name,
    resizeReadinessGate: Boolean(values.sponge.resizeReadinessGate),
  });
}

/** The dashboards the chart ships (dashboards/*.json), by name. */
export function shippedDashboards(): string[] {
  return readdirSync(join(CHART_DIR, 'dashboards'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5));
}
