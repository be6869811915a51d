import type { Dashboard } from './grafana-model';
import { infadapterDashboard } from './infadapter-dashboard';
import { ipaDashboard } from './ipa-dashboard';
import { overviewDashboard } from './overview-dashboard';
import { spongeDashboard } from './sponge-dashboard';

/** Every dashboard we ship: file name (without .json; also the Helm `dashboards.files` entry) → builder. */
export const DASHBOARDS: Record<string, () => Dashboard> = {
  'infscale-overview': overviewDashboard,
  'infscale-infadapter': infadapterDashboard,
  'infscale-ipa': ipaDashboard,
  'infscale-sponge': spongeDashboard,
};

/** The JSON text of a dashboard file exactly as committed: 2-space indent, trailing newline. */
export function renderDashboard(dashboard: Dashboard): string {
  return JSON.stringify(dashboard, null, 2) + '\n';
}

/** Every dashboard file's name and text. */
export function renderAll(): Array<{ file: string; text: string }> {
  return Object.entries(DASHBOARDS).map(([name, build]) => ({ file: `${name}.json`, text: renderDashboard(build()) }));
}
