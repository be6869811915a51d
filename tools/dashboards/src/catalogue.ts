import { scalerRegistry, type ScalerRegistry } from '@infscale/scalers';
import type { Dashboard } from './grafana-model';
import { infadapterDashboard } from './infadapter-dashboard';
import { ipaDashboard } from './ipa-dashboard';
import { overviewDashboard } from './overview-dashboard';
import { spongeDashboard } from './sponge-dashboard';

/** The per-scaler dashboards this package builds, by file name (a deployed scaler's registry entry names its own). */
export const SCALER_DASHBOARDS: Record<string, () => Dashboard> = {
  'infscale-infadapter': infadapterDashboard,
  'infscale-ipa': ipaDashboard,
  'infscale-sponge': spongeDashboard,
};

/**
 * Every dashboard we ship: file name (without .json; also the Helm `dashboards.files` entry) → builder.
 * The overview, then the dashboard of each scaler the registry deploys, in its order.
 */
export function dashboardsOf(registry: ScalerRegistry): Record<string, () => Dashboard> {
  const perScaler = registry.deployed.map((entry): [string, () => Dashboard] => {
    const build = SCALER_DASHBOARDS[entry.deploy.dashboard];
    if (!build)
      throw new Error(
        `scaler ${entry.name} shows its decisions on dashboard ${entry.deploy.dashboard}, which tools/dashboards does not build: add it to SCALER_DASHBOARDS`,
      );
    return [entry.deploy.dashboard, build];
  });
  return { 'infscale-overview': () => overviewDashboard(registry.deployed.map((e) => e.name)), ...Object.fromEntries(perScaler) };
}

export const DASHBOARDS = dashboardsOf(scalerRegistry);

/** The JSON text of a dashboard file exactly as committed: 2-space indent, trailing newline. */
export function renderDashboard(dashboard: Dashboard): string {
  return JSON.stringify(dashboard, null, 2) + '\n';
}

/** Every dashboard file's name and text. */
export function renderAll(): Array<{ file: string; text: string }> {
  return Object.entries(DASHBOARDS).map(([name, build]) => ({ file: `${name}.json`, text: renderDashboard(build()) }));
}
