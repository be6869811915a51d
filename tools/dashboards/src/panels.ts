import { DATASOURCE, type Panel, type PromTarget } from './grafana-model';

/** A query of a panel: PromQL with `$namespace`-style variables, and its legend. */
export interface Query {
  expr: string;
  legend: string;
}

export interface PanelSpec {
  title: string;
  /** The question the panel answers: shown as the panel's (i) tooltip. */
  description: string;
  queries: Query[];
  /** Grafana unit id: reqps, percentunit, s, short, none… */
  unit: string;
  kind?: 'timeseries' | 'stat';
  /** Width in grid columns (24 = full row); default 12. */
  width?: number;
  /** A horizontal line, e.g. the SLO, drawn as a red threshold. */
  threshold?: number;
  stack?: boolean;
  min?: number;
  max?: number;
}

/** A section of a dashboard: a row title and its panels. */
export interface Section {
  title: string;
  panels: PanelSpec[];
}

const PANEL_HEIGHT = { timeseries: 8, stat: 4 } as const;

function targets(queries: Query[]): PromTarget[] {
  return queries.map((q, i) => ({
    refId: String.fromCharCode(65 + i),
    datasource: DATASOURCE,
    expr: q.expr,
    legendFormat: q.legend,
    range: true,
    instant: false,
  }));
}

function fieldConfig(spec: PanelSpec): NonNullable<Panel['fieldConfig']> {
  const steps: Array<{ color: string; value: number | null }> = [{ color: 'green', value: null }];
  if (spec.threshold !== undefined) steps.push({ color: 'red', value: spec.threshold });
  const custom = (spec.kind ?? 'timeseries') === 'timeseries'
    ? {
        custom: {
          drawStyle: 'line',
          lineWidth: 1,
          fillOpacity: spec.stack ? 30 : 0,
          showPoints: 'never',
          stacking: { mode: spec.stack ? 'normal' : 'none', group: 'A' },
          thresholdsStyle: { mode: spec.threshold !== undefined ? 'line' : 'off' },
        },
      }
    : {};
  return {
    defaults: {
      unit: spec.unit,
      ...(spec.min !== undefined ? { min: spec.min } : {}),
      ...(spec.max !== undefined ? { max: spec.max } : {}),
      thresholds: { mode: 'absolute', steps },
      ...custom,
    },
    overrides: [],
  };
}

function options(spec: PanelSpec): Record<string, unknown> {
  if (spec.kind === 'stat') return { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'area', textMode: 'auto' };
  return { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } };
}

/**
 * Lays sections out top to bottom on Grafana's 24-column grid: a row header per section, then its
 * panels left to right, wrapping when a row is full. Ids are assigned in order, so the JSON is stable.
 */
export function layout(sections: Section[]): Panel[] {
  const panels: Panel[] = [];
  let id = 1;
  let y = 0;
  for (const section of sections) {
    panels.push({ id: id++, type: 'row', title: section.title, collapsed: false, gridPos: { x: 0, y, w: 24, h: 1 }, panels: [] });
    y += 1;
    let x = 0;
    let rowHeight = 0;
    for (const spec of section.panels) {
      const kind = spec.kind ?? 'timeseries';
      const w = spec.width ?? 12;
      const h = PANEL_HEIGHT[kind];
      if (x + w > 24) {
        y += rowHeight;
        x = 0;
        rowHeight = 0;
      }
      panels.push({
        id: id++,
        type: kind,
        title: spec.title,
        description: spec.description,
        gridPos: { x, y, w, h },
        datasource: DATASOURCE,
        targets: targets(spec.queries),
        fieldConfig: fieldConfig(spec),
        options: options(spec),
      });
      x += w;
      rowHeight = Math.max(rowHeight, h);
    }
    y += rowHeight;
  }
  return panels;
}
