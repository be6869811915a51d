import os from 'node:os';
import path from 'node:path';

/** tools/testenv: this file sits in src/ (Jest) or dist/ (built), one level below it. */
export const PACKAGE_ROOT = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(PACKAGE_ROOT, '../..');
export const GO_MODULES_ROOT = path.join(PACKAGE_ROOT, 'go');

/** Where a running control plane keeps its state: $INFSCALE_TESTENV_DIR or .testenv/ in the repository. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.INFSCALE_TESTENV_DIR || path.join(REPO_ROOT, '.testenv'));
}

/** Where built binaries are kept between runs: $INFSCALE_TESTENV_CACHE or ~/.cache/infscale-testenv. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.INFSCALE_TESTENV_CACHE || path.join(os.homedir(), '.cache', 'infscale-testenv'));
}

/** The kubelet stand-in's entry point, run by node as its own process (needs the package built). */
export const KUBELET_MAIN = path.join(PACKAGE_ROOT, 'dist', 'kubelet', 'main.js');
