import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadChart, renderChart, type Chart, type RenderedChart } from '../chart';
import { scalerRegistry } from '@infscale/scalers';
import { expectedRoleRules, type PolicyRule } from '../rbac-policy';
import { mergeValues } from '../merge-values';
import type { Value } from '../template/values';
import { validateValues } from '../values-schema';

export const HELM_DIR = join(__dirname, '../../../../helm');
export const CHART_DIR = join(HELM_DIR, 'infscale');
export const RELEASE = { name: 'demo', namespace: 'models' };

export function chart(): Chart {
  return loadChart(CHART_DIR);
}

/** Every values case CI renders: the defaults, then each examples/*.yaml. */
export function valueCases(): { name: string; values: Value }[] {
  const examples = readdirSync(join(CHART_DIR, 'examples'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ name: `examples/${f}`, values: parse(readFileSync(join(CHART_DIR, 'examples', f), 'utf8')) as Value }));
  return [{ name: 'defaults', values: {} }, ...examples];
}

/** Validates the merged values, then renders, in `helm template`'s order; throws on schema problems. */
export function render(values: Value, release = RELEASE): RenderedChart {
  const c = chart();
  const problems = validateValues(c.dir, mergeValues(c.defaults, values));
  if (problems.length > 0) throw new Error(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  return renderChart(c, values, release);
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

/** The values cases of one scaler: its defaults and every examples/ file that selects it. */
export function valueCasesOf(scaler: string): { name: string; values: Value }[] {
  return valueCases()
    .map((c) => (c.name === 'defaults' ? { name: `defaults (scaler: ${scaler})`, values: { scaler } } : c))
    .filter((c) => (c.values as { scaler?: string }).scaler === scaler);
}

/** The `scaler` section of the config.yaml a render mounts: what the app builds its scaler from. */
export function renderedScalerSection(r: RenderedChart): Record<string, unknown> {
  return (parse(renderedConfigText(r)) as { spec: { scaler: Record<string, unknown> } }).spec.scaler;
}

/** The documented Role of a render: its scaler's list (by its actuator needs), with the release's Lease and Sponge's target. */
export function documentedRoleRules(r: RenderedChart, release = RELEASE): PolicyRule[] {
  const values = r.values as { scaler: string; sponge: { targetRef: { name: string }; resizeReadinessGate?: string } };
  const entry = scalerRegistry.get(values.scaler);
  return expectedRoleRules(entry.actuator(entry.deployed(renderedScalerSection(r))), {
    leaseName: `${release.name}-leader`,
    target: values.sponge.targetRef.name,
    resizeReadinessGate: Boolean(values.sponge.resizeReadinessGate),
  });
}
