/**
 * The slice of Grafana's dashboard JSON model (schemaVersion 39) that our dashboards use, as plain
 * typed objects: enough for Grafana to import them and for a test to find every PromQL query.
 */

/** Every panel reads the Prometheus chosen in the `datasource` variable. */
export const DATASOURCE = { type: 'prometheus', uid: '${datasource}' } as const;
export type DatasourceRef = typeof DATASOURCE;

export interface PromTarget {
  refId: string;
  datasource: DatasourceRef;
  expr: string;
  legendFormat: string;
  range: boolean;
  instant: boolean;
}

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Panel {
  id: number;
  type: 'timeseries' | 'stat' | 'row';
  title: string;
  description?: string;
  gridPos: GridPos;
  datasource?: DatasourceRef;
  targets?: PromTarget[];
  fieldConfig?: { defaults: Record<string, unknown>; overrides: unknown[] };
  options?: Record<string, unknown>;
  collapsed?: boolean;
  panels?: Panel[];
}

export interface TemplateVariable {
  name: string;
  label: string;
  type: 'datasource' | 'query' | 'custom';
  query: string | { query: string; refId: string };
  current: { text: string; value: string } | Record<string, never>;
  datasource?: DatasourceRef;
  description?: string;
  hide: 0;
  refresh?: 1 | 2;
  options?: Array<{ text: string; value: string; selected: boolean }>;
  includeAll?: false;
  multi?: false;
}

export interface Dashboard {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  schemaVersion: 39;
  editable: true;
  graphTooltip: 1;
  refresh: string;
  time: { from: string; to: string };
  timezone: 'browser';
  templating: { list: TemplateVariable[] };
  annotations: { list: unknown[] };
  links: Array<{ title: string; type: 'dashboards'; tags: string[]; asDropdown: true; includeVars: true; keepTime: true }>;
  panels: Panel[];
}
