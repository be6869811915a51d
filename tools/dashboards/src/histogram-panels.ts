import type { PanelSpec, Query } from './panels';
import { histogramQuantile } from './promql';

/** A panel of a histogram's quantiles over time, one series per quantile (legend p50, p99…). */
export function quantilesPanel(title: string, description: string, histogram: string, quantiles: readonly number[] = [0.5, 0.99]): PanelSpec {
  return {
    title,
    description,
    unit: 's',
    queries: quantiles.map((q) => ({ expr: histogramQuantile(q, histogram), legend: `p${Math.round(q * 100)}` })),
  };
}

/** The same panel with more queries after its own (e.g. a planned value beside measured quantiles). */
export function withQueries(panel: PanelSpec, extra: Query[]): PanelSpec {
  return { ...panel, queries: [...panel.queries, ...extra] };
}
