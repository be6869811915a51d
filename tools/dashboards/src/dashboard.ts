import {
  CustomVariableBuilder,
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DATASOURCE, type Dashboard } from './grafana-model';
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

function datasourceVariable(): DatasourceVariableBuilder {
  return new DatasourceVariableBuilder('datasource')
    .label('Prometheus')
    .type('prometheus')
    .description('The Prometheus that scrapes the scaler, its proxies and model servers.');
}

function namespaceVariable(metric: string): QueryVariableBuilder {
  return new QueryVariableBuilder('namespace')
    .label('Namespace')
    .datasource(DATASOURCE)
    .query({ query: `label_values(${metric}, namespace)`, refId: 'namespace' })
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .includeAll(false)
    .multi(false)
    .description('One scaler owns one namespace: pick the one to look at.');
}

function sloVariable(choices: readonly string[]): CustomVariableBuilder {
  return new CustomVariableBuilder('slo')
    .label('Latency SLO (s)')
    .values(choices.join(','))
    .current({ text: choices[0], value: choices[0] })
    .options(choices.map((c, i) => ({ text: c, value: c, selected: i === 0 })))
    .includeAll(false)
    .multi(false)
    .description('A histogram bucket bound (le) of the latency histograms: requests slower than it violate the SLO.');
}

export function buildDashboard(spec: DashboardSpec): Dashboard {
  const builder = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([INFSCALE_TAG])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .refresh('30s')
    .time({ from: 'now-1h', to: 'now' })
    .timezone('browser')
    .withVariable(datasourceVariable())
    .withVariable(namespaceVariable(spec.namespaceMetric))
    .link(new DashboardLinkBuilder('infscale').type(DashboardLinkType.Dashboards).tags([INFSCALE_TAG]).asDropdown(true).includeVars(true).keepTime(true));
  if (spec.sloChoices) builder.withVariable(sloVariable(spec.sloChoices));
  for (const panel of layout(spec.sections)) {
    if (panel.kind === 'row') builder.withRow(panel.builder);
    else builder.withPanel(panel.builder);
  }
  return builder.build();
}
