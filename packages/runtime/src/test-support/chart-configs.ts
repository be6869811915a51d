/**
 * The config.yaml the Helm chart renders for a scaler, for every values case CI renders (its
 * defaults and each examples/ file selecting it), parsed by the REAL runtime. Apps feed the result
 * to their buildScaler, so the chart and the apps cannot drift apart unnoticed.
 */
import { parseConfigText } from '../config-file';
import { parseProcessConfig, type ProcessConfig } from '../process-config';
import type { Env } from '../env-overrides';
import { render, renderedConfigText, valueCasesOf } from '../../../../tools/helm-check/src/test-support/charts';

export interface ChartConfigCase {
  name: string;
  /** The rendered config.yaml text. */
  text: string;
  /** The raw YAML document (the envelope included). */
  raw: Record<string, unknown>;
  /** What the runtime makes of it in the pod (POD_NAME and POD_NAMESPACE from the downward API). */
  config: ProcessConfig;
}

/** The env the chart's Deployment gives the scaler container, secrets standing in for secretKeyRef. */
export const CHART_POD_ENV: Env = { POD_NAME: 'demo-7d9f8c6b5-x2x4z', POD_NAMESPACE: 'models', INFSCALE_PROMETHEUS_BEARER_TOKEN: 'from-a-secret' };

export function chartConfigCases(scaler: string): ChartConfigCase[] {
  return valueCasesOf(scaler).map(({ name, values }) => {
    const text = renderedConfigText(render(values));
    const raw = parseConfigText(text, `${name} config.yaml`);
    return { name, text, raw, config: parseProcessConfig(raw, `${name} config.yaml`, { name: scaler, env: CHART_POD_ENV }) };
  });
}
