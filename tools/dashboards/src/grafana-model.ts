/**
 * Grafana's dashboard model, from Grafana's own typed builders (@grafana/grafana-foundation-sdk,
 * generated from Grafana's schemas): we write no dashboard JSON shape by hand.
 */
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

export type Dashboard = dashboard.Dashboard;
export type Panel = dashboard.Panel;
export type RowPanel = dashboard.RowPanel;

/** Every panel reads the Prometheus chosen in the `datasource` variable. */
export const DATASOURCE = { type: 'prometheus', uid: '${datasource}' } as const;
