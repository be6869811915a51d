import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { requiredVersion } from './go-mod';
import { GO_MODULES_ROOT, defaultCacheDir } from './paths';

/**
 * The two Go programs of the test control plane. Each is its own module because helm v4 needs
 * newer k8s.io libraries than the pinned control plane: one go.mod would have to move both.
 */
export type BinaryName = 'controlplane' | 'helm';

/** Bumped whenever the way a binary is built changes, so old cache entries are not reused. */
const RECIPE = 2;

interface Recipe {
  /** What `go build` compiles, relative to the module directory. */
  pkg: string;
  /** Files whose content decides the binary: the cache key. */
  inputs: string[];
  /** Modules whose versions the build names (and stamps into the binary). */
  pinned: string[];
  ldflags(goMod: string): string[];
}

const RECIPES: Record<BinaryName, Recipe> = {
  controlplane: {
    pkg: '.',
    inputs: ['go.mod', 'go.sum', 'main.go'],
    pinned: ['k8s.io/kubernetes', 'go.etcd.io/etcd/server/v3'],
    ldflags(goMod) {
      // The release's own version stamps, as its Makefile writes them: /version and --version report it.
      const version = requiredVersion(goMod, 'k8s.io/kubernetes');
      const [major, minor] = version.slice(1).split('.');
      const pkg = 'k8s.io/component-base/version';
      return [`-X ${pkg}.gitVersion=${version}`, `-X ${pkg}.gitMajor=${major}`, `-X ${pkg}.gitMinor=${minor}`, `-X ${pkg}.gitTreeState=clean`];
    },
  },
  helm: {
    pkg: 'helm.sh/helm/v4/cmd/helm',
    inputs: ['go.mod', 'go.sum'],
    pinned: ['helm.sh/helm/v4'],
    ldflags: (goMod) => [`-X helm.sh/helm/v4/internal/version.version=${requiredVersion(goMod, 'helm.sh/helm/v4')}`],
  },
};

export const BINARY_NAMES = Object.keys(RECIPES) as BinaryName[];

function moduleDir(name: BinaryName): string {
  return path.join(GO_MODULES_ROOT, name);
}

function goMod(name: BinaryName): string {
  return fs.readFileSync(path.join(moduleDir(name), 'go.mod'), 'utf8');
}

/** The pinned versions a binary is built from, e.g. {'k8s.io/kubernetes': 'v1.36.3', …}. */
export function pinnedVersions(name: BinaryName): Record<string, string> {
  const text = goMod(name);
  return Object.fromEntries(RECIPES[name].pinned.map((m) => [m, requiredVersion(text, m)]));
}

/** Hash of everything that decides the binary; a changed go.mod, go.sum or main.go gives a new one. */
export function cacheKey(name: BinaryName): string {
  const hash = createHash('sha256').update(`recipe ${RECIPE}\n`);
  for (const file of RECIPES[name].inputs) {
    hash.update(`${file}\n`).update(fs.readFileSync(path.join(moduleDir(name), file)));
  }
  return hash.digest('hex').slice(0, 16);
}

export function binaryPath(name: BinaryName, cacheDir = defaultCacheDir()): string {
  return path.join(cacheDir, `${name}-${cacheKey(name)}`, 'bin', name);
}

export interface BuildReport {
  name: BinaryName;
  path: string;
  /** Null when the cache already had it. */
  seconds: number | null;
}

/**
 * Builds the binaries the cache lacks (Go's own module and build caches stay at their defaults,
 * so a CI machine reuses them). Prints what it builds, why, and how long each took.
 */
export function buildBinaries(options: { cacheDir?: string; log?: (line: string) => void; only?: BinaryName[] } = {}): BuildReport[] {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const log = options.log ?? ((line: string) => console.log(line));
  return (options.only ?? BINARY_NAMES).map((name) => {
    const target = binaryPath(name, cacheDir);
    if (fs.existsSync(target)) return { name, path: target, seconds: null };
    const versions = Object.entries(pinnedVersions(name))
      .map(([m, v]) => `${m} ${v}`)
      .join(', ');
    log(`testenv: building ${name} (${versions}): ${path.relative(cacheDir, path.dirname(path.dirname(target)))} is not in ${cacheDir} yet`);
    const started = Date.now();
    const partial = `${target}.partial-${process.pid}`;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const args = ['build', '-trimpath', '-buildvcs=false', `-ldflags=-s -w ${RECIPES[name].ldflags(goMod(name)).join(' ')}`, '-o', partial, RECIPES[name].pkg];
    const result = spawnSync('go', args, { cwd: moduleDir(name), stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.error) throw new Error(`cannot run 'go' to build ${name}: ${result.error.message} (install Go 1.26 or newer)`);
    if (result.status !== 0) {
      fs.rmSync(partial, { force: true });
      throw new Error(`'go ${args.join(' ')}' in ${moduleDir(name)} failed with exit code ${result.status}`);
    }
    // Renamed into place only when complete: a build cut short never counts as cached.
    fs.renameSync(partial, target);
    const seconds = (Date.now() - started) / 1000;
    log(`testenv: built ${name} in ${seconds.toFixed(1)} s -> ${target}`);
    return { name, path: target, seconds };
  });
}

/** The cached binary, or an error saying how to build it. */
export function requireBinary(name: BinaryName, cacheDir = defaultCacheDir()): string {
  const target = binaryPath(name, cacheDir);
  if (!fs.existsSync(target)) {
    throw new Error(
      `${name} is not built for the current go.mod/go.sum (${target} is missing): run 'npm run testenv -- build' (takes several minutes the first time)`,
    );
  }
  return target;
}
