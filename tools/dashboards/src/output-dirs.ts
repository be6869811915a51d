import { join, resolve } from 'node:path';

/** The repository root, from this file in src/ or dist/. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Where the dashboards live: the repo's dashboards/ (their source of truth) and the Helm chart's copy. */
export const OUTPUT_DIRS = [join(REPO_ROOT, 'dashboards'), join(REPO_ROOT, 'helm', 'infscale', 'dashboards')];
