import type { Dashboard, Panel, RowPanel } from './grafana-model';

export interface PanelQuery {
  dashboard: string;
  panel: string;
  legend: string;
  expr: string;
}

/** Every panel that is not a row, rows' nested panels included. */
export function dataPanels(dashboard: Dashboard): Panel[] {
  return (dashboard.panels ?? []).flatMap((p) => (isRow(p) ? p.panels : [p]));
}

export function isRow(p: Panel | RowPanel): p is RowPanel {
  return p.type === 'row';
}

/** A Prometheus target as our panels write it (the SDK types targets as any data source's query). */
interface PromTarget {
  expr: string;
  legendFormat?: string;
  datasource?: { uid?: string };
}

export function promTargets(panel: Panel): PromTarget[] {
  return (panel.targets ?? []).map((t) => {
    const target = t as unknown as Partial<PromTarget>;
    if (typeof target.expr !== 'string') throw new Error(`panel "${panel.title}" has a target without a PromQL expr`);
    return target as PromTarget;
  });
}

/** Every PromQL query of every panel (rows' nested panels included). */
export function panelQueries(dashboard: Dashboard): PanelQuery[] {
  return dataPanels(dashboard).flatMap((p) =>
    promTargets(p).map((t) => ({ dashboard: dashboard.uid ?? '', panel: p.title ?? '', legend: t.legendFormat ?? '', expr: t.expr })),
  );
}

/**
 * Replaces Grafana variables (`$name`, `${name}`, `$__rate_interval`) the way Grafana does before
 * sending a query. Unknown variables are an error: a query must not reach Prometheus half-templated.
 */
export function substituteVariables(expr: string, values: Record<string, string>): string {
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare) as string;
    // `$1` in label_replace is PromQL's, not Grafana's.
    if (/^\d+$/.test(name)) return whole;
    const value = values[name];
    if (value === undefined) throw new Error(`no value for the variable $${name} in ${expr}`);
    return value;
  });
}

/** A `label_values(metric, label)` variable query as the PromQL Grafana effectively runs. */
export function labelValuesAsPromql(query: string): string {
  const m = /^label_values\((.+),\s*(\w+)\)$/.exec(query.trim());
  if (!m) throw new Error(`not a label_values() query: ${query}`);
  return `group by (${m[2]}) (${m[1]})`;
}
