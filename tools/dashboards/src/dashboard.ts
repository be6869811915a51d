import { DATASOURCE, type Dashboard, type TemplateVariable } from './grafana-model';
import { layout, type Section } from './panels';

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  /** Metric whose `namespace` label lists the namespaces worth choosing. */
  namespaceMetric: string;
  /** SLO choices in seconds (histogram `le` values); the first is the default. */
  sloChoices?: readonly string[];
  sections: Section[];
}

/** Tag shared by every infscale dashboard: the links bar jumps between them. */
export const INFSCALE_TAG = 'infscale';

function datasourceVariable(): TemplateVariable {
  return { name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus', current: {}, hide: 0, refresh: 1, description: 'The Prometheus that scrapes the scaler, its proxies and model servers.' };
}

function namespaceVariable(metric: string): TemplateVariable {
  const query = `label_values(${metric}, namespace)`;
  return {
    name: 'namespace',
    label: 'Namespace',
    type: 'query',
    datasource: DATASOURCE,
    query: { query, refId: 'namespace' },
    current: {},
    hide: 0,
    refresh: 2,
    includeAll: false,
    multi: false,
    description: 'One scaler owns one namespace: pick the one to look at.',
  };
}

function sloVariable(choices: readonly string[]): TemplateVariable {
  return {
    name: 'slo',
    label: 'Latency SLO (s)',
    type: 'custom',
    query: choices.join(','),
    current: { text: choices[0], value: choices[0] },
    options: choices.map((c, i) => ({ text: c, value: c, selected: i === 0 })),
    hide: 0,
    includeAll: false,
    multi: false,
    description: 'A histogram bucket bound (le) of the latency histograms: requests slower than it violate the SLO.',
  };
}

export function buildDashboard(spec: DashboardSpec): Dashboard {
  const list = [datasourceVariable(), namespaceVariable(spec.namespaceMetric)];
  if (spec.sloChoices) list.push(sloVariable(spec.sloChoices));
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: [INFSCALE_TAG],
    schemaVersion: 39,
    editable: true,
    graphTooltip: 1,
    refresh: '30s',
    time: { from: 'now-1h', to: 'now' },
    timezone: 'browser',
    templating: { list },
    annotations: { list: [] },
    links: [{ title: 'infscale', type: 'dashboards', tags: [INFSCALE_TAG], asDropdown: true, includeVars: true, keepTime: true }],
    panels: layout(spec.sections),
  };
}
