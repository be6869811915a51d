import { RowBuilder, ThresholdsConfigBuilder, ThresholdsMode, type GridPos } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  BigValueColorMode,
  BigValueGraphMode,
  BigValueTextMode,
  GraphDrawStyle,
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  SortOrder,
  StackingConfigBuilder,
  StackingMode,
  TooltipDisplayMode,
  VisibilityMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { DATASOURCE } from './grafana-model';

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

export type LaidOutPanel = { kind: 'row'; builder: RowBuilder } | { kind: 'panel'; builder: TimeseriesPanelBuilder | StatPanelBuilder };

const PANEL_HEIGHT = { timeseries: 8, stat: 4 } as const;

function target(q: Query, i: number): DataqueryBuilder {
  return new DataqueryBuilder()
    .refId(String.fromCharCode(65 + i))
    .datasource(DATASOURCE)
    .expr(q.expr)
    .legendFormat(q.legend)
    .range();
}

function thresholds(spec: PanelSpec): ThresholdsConfigBuilder {
  const steps: Array<{ color: string; value: number | null }> = [{ color: 'green', value: null }];
  if (spec.threshold !== undefined) steps.push({ color: 'red', value: spec.threshold });
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps);
}

function panelBuilder(spec: PanelSpec, id: number, gridPos: GridPos): TimeseriesPanelBuilder | StatPanelBuilder {
  const common = <B extends TimeseriesPanelBuilder | StatPanelBuilder>(b: B): B => {
    b.id(id).title(spec.title).description(spec.description).gridPos(gridPos).datasource(DATASOURCE).unit(spec.unit).thresholds(thresholds(spec));
    if (spec.min !== undefined) b.min(spec.min);
    if (spec.max !== undefined) b.max(spec.max);
    spec.queries.forEach((q, i) => b.withTarget(target(q, i)));
    return b;
  };
  if (spec.kind === 'stat') {
    return common(new StatPanelBuilder())
      .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).fields('').values(false))
      .colorMode(BigValueColorMode.Value)
      .graphMode(BigValueGraphMode.Area)
      .textMode(BigValueTextMode.Auto);
  }
  return common(new TimeseriesPanelBuilder())
    .drawStyle(GraphDrawStyle.Line)
    .lineWidth(1)
    .fillOpacity(spec.stack ? 30 : 0)
    .showPoints(VisibilityMode.Never)
    .stacking(new StackingConfigBuilder().mode(spec.stack ? StackingMode.Normal : StackingMode.None).group('A'))
    .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(spec.threshold !== undefined ? GraphThresholdsStyleMode.Line : GraphThresholdsStyleMode.Off))
    .legend(new VizLegendOptionsBuilder().displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom).showLegend(true))
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending));
}

/**
 * Lays sections out top to bottom on Grafana's 24-column grid: a row header per section, then its
 * panels left to right, wrapping when a row is full. Ids are assigned in order, so the JSON is stable.
 */
export function layout(sections: Section[]): LaidOutPanel[] {
  const out: LaidOutPanel[] = [];
  let id = 1;
  let y = 0;
  for (const section of sections) {
    out.push({ kind: 'row', builder: new RowBuilder(section.title).id(id++).collapsed(false).gridPos({ x: 0, y, w: 24, h: 1 }) });
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
      out.push({ kind: 'panel', builder: panelBuilder(spec, id++, { x, y, w, h }) });
      x += w;
      rowHeight = Math.max(rowHeight, h);
    }
    y += rowHeight;
  }
  return out;
}
