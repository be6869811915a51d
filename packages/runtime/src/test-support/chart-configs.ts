/**
 * The config.yaml the Helm chart renders for a scaler — real `helm template` with the pinned helm —
 * for every values case: its defaults and each examples/ file selecting it, parsed by the REAL
 * runtime. Apps feed the result to their buildScaler, so the chart and the apps cannot drift apart
 * unnoticed.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { exampleValuesFiles, helmTemplate, type RenderedChart } from '@infscale/kube/testing';
import { parse } from 'yaml';
import { parseConfigText } from '../config-file';
import { parseProcessConfig, type ProcessConfig } from '../process-config';
import type { Env } from '../env-overrides';
import type { ScalerApp } from '../cli';
import { runAppCli } from './app-stack';

/** The release every chart case renders as (helm template demo helm/infscale -n models). */
export const CHART_RELEASE = { name: 'demo', namespace: 'models' };

export interface ChartConfigCase {
  name: string;
  /** The rendered config.yaml text. */
  text: string;
  /** The raw YAML document (the envelope included). */
  raw: Record<string, unknown>;
  /** What the runtime makes of it in the pod (POD_NAME and POD_NAMESPACE from the downward API). */
  config: ProcessConfig;
  /** Every rendered object as one YAML stream, as `helm template` prints it (what a user pipes into --validate). */
  stream: string;
}

/** The env the chart's Deployment gives the scaler container, secrets standing in for secretKeyRef. */
export const CHART_POD_ENV: Env = { POD_NAME: 'demo-7d9f8c6b5-x2x4z', POD_NAMESPACE: 'models', INFSCALE_PROMETHEUS_BEARER_TOKEN: 'from-a-secret' };

/** The scaler's config.yaml in a render: the `<release>-config` ConfigMap's key, as the pod mounts it. */
export function renderedConfigText(rendered: RenderedChart, release = CHART_RELEASE): string {
  const configMap = rendered.objects.find((o) => o.object.kind === 'ConfigMap' && (o.object.metadata as { name?: string }).name === `${release.name}-config`);
  const text = (configMap?.object.data as Record<string, string> | undefined)?.['config.yaml'];
  if (text === undefined) throw new Error(`helm template rendered no ConfigMap ${release.name}-config with config.yaml`);
  return text;
}

/** The chart's values cases of one scaler: its defaults, and every examples/ file that selects it. */
export function chartValueCases(scaler: string): { name: string; files: string[]; values: Record<string, unknown> }[] {
  const examples = exampleValuesFiles()
    .filter((file) => (parse(readFileSync(file, 'utf8')) as { scaler?: string } | null)?.scaler === scaler)
    .map((file) => ({ name: `examples/${basename(file)}`, files: [file], values: {} }));
  return [{ name: `defaults (scaler: ${scaler})`, files: [], values: { scaler } }, ...examples];
}

export function chartConfigCases(scaler: string): ChartConfigCase[] {
  return chartValueCases(scaler).map(({ name, files, values }) => {
    const rendered = helmTemplate(values, { files, release: CHART_RELEASE });
    const text = renderedConfigText(rendered);
    const raw = parseConfigText(text, `${name} config.yaml`);
    return { name, text, raw, config: parseProcessConfig(raw, `${name} config.yaml`, { name: scaler, env: CHART_POD_ENV }), stream: rendered.stream };
  });
}

/**
 * `helm template … | <app> --validate -c -` on every values case: the whole stream helm printed goes
 * to the app's CLI on stdin, with an empty environment (a user's CI), and must pass.
 */
export function describeChartValidation<State>(app: ScalerApp<State>): void {
  describe.each(chartConfigCases(app.name))(`helm template ($name) | ${app.name} --validate -c -`, ({ stream }) => {
    it('finds the ScalerConfig in the stream and exits 0 with the summary', async () => {
      const run = await runAppCli(app, ['--validate', '-c', '-'], { readStdin: () => stream });
      expect(run).toMatchObject({ code: 0, err: '' });
      expect(run.out).toMatch(new RegExp(`^stdin \\(ConfigMap demo-config, key config\\.yaml\\): valid ${app.name} config: namespace models, `));
    });
  });
}
