/**
 * The config.yaml the Helm chart renders for a scaler, for every values case CI renders (its
 * defaults and each examples/ file selecting it), parsed by the REAL runtime. Apps feed the result
 * to their buildScaler, so the chart and the apps cannot drift apart unnoticed.
 */
import { stringify } from 'yaml';
import { parseConfigText } from '../config-file';
import { parseProcessConfig, type ProcessConfig } from '../process-config';
import type { Env } from '../env-overrides';
import type { ScalerApp } from '../cli';
import { runAppCli } from './app-stack';
import { render, renderedConfigText, valueCasesOf } from '../../../../tools/helm-check/src/test-support/charts';

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

export function chartConfigCases(scaler: string): ChartConfigCase[] {
  return valueCasesOf(scaler).map(({ name, values }) => {
    const rendered = render(values);
    const text = renderedConfigText(rendered);
    const raw = parseConfigText(text, `${name} config.yaml`);
    const stream = rendered.objects.map((o) => `---\n# Source: ${o.template}\n${stringify(o.object)}`).join('');
    return { name, text, raw, config: parseProcessConfig(raw, `${name} config.yaml`, { name: scaler, env: CHART_POD_ENV }), stream };
  });
}

/**
 * `helm template … | <app> --validate -c -` on every values case: the whole rendered stream goes to
 * the app's CLI on stdin, with an empty environment (a user's CI), and must pass.
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
