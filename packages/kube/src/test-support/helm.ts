import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { helmBinary, REPO_ROOT, type ControlPlaneEndpoint } from './control-plane';

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface HelmOptions {
  /** Another identity than the admin (a ServiceAccount's kubeconfig). */
  kubeconfig?: string;
  cwd?: string;
  /** Resolve with the result instead of throwing when helm exits non-zero. */
  allowFailure?: boolean;
}

type HelmEndpoint = Pick<ControlPlaneEndpoint, 'helm' | 'adminKubeconfig' | 'stateDir'>;

/** helm's cache, config and data live in the state directory: a test never reads or writes the user's ~/.config/helm. */
function helmEnv(cp: HelmEndpoint, kubeconfig?: string): NodeJS.ProcessEnv {
  const home = path.join(cp.stateDir, 'helm');
  return {
    ...process.env,
    KUBECONFIG: kubeconfig ?? cp.adminKubeconfig,
    HELM_CACHE_HOME: path.join(home, 'cache'),
    HELM_CONFIG_HOME: path.join(home, 'config'),
    HELM_DATA_HOME: path.join(home, 'data'),
  };
}

function failure(args: string[], result: HelmResult): Error {
  return new Error(`helm ${args.join(' ')} exited with ${result.code}: ${result.stderr.trim() || result.stdout.trim()}`);
}

/** Runs the pinned helm against the control plane (as the admin, or `options.kubeconfig`'s identity). */
export function helm(cp: HelmEndpoint, args: string[], options: HelmOptions = {}): Promise<HelmResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cp.helm, args, { env: helmEnv(cp, options.kubeconfig), cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const result = { code: code ?? -1, stdout, stderr };
      if (result.code !== 0 && !options.allowFailure) reject(failure(args, result));
      else resolve(result);
    });
  });
}

/** The same, synchronously: for rendering while Jest collects the tests (describe.each over renders). */
export function helmSync(cp: HelmEndpoint, args: string[], options: HelmOptions = {}): HelmResult {
  const run = spawnSync(cp.helm, args, { env: helmEnv(cp, options.kubeconfig), cwd: options.cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error) throw run.error;
  const result = { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
  if (result.code !== 0 && !options.allowFailure) throw failure(args, result);
  return result;
}

/** The chart of this repository and its example values files. */
export const CHART_DIR = path.join(REPO_ROOT, 'helm', 'infscale');
export const EXAMPLES_DIR = path.join(CHART_DIR, 'examples');

/** helm/infscale/examples/*.yaml, sorted: every example values file. */
export function exampleValuesFiles(): string[] {
  return fs
    .readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(EXAMPLES_DIR, f));
}

export interface Release {
  name: string;
  namespace: string;
}

/** One object of a `helm template` stream and the template file it came from (its `# Source:` line). */
export interface RenderedObject {
  template: string;
  object: Record<string, unknown>;
}

export interface RenderedChart {
  objects: RenderedObject[];
  /** The whole stream as helm printed it (what a user pipes into `--validate -c -`). */
  stream: string;
}

/** Splits a `helm template` stream into its objects, each with its `# Source:` template. */
export function parseTemplateStream(stream: string): RenderedObject[] {
  const objects: RenderedObject[] = [];
  for (const doc of parseAllDocuments(stream)) {
    if (doc.errors.length > 0) throw new Error(`helm template printed YAML that does not parse: ${doc.errors[0]?.message}`);
    const object = doc.toJS() as unknown;
    if (object === null || object === undefined) continue;
    if (typeof object !== 'object' || Array.isArray(object)) throw new Error('helm template printed a document that is not an object');
    const source = /^# Source: (\S+)/m.exec(String(doc.commentBefore ?? ''))?.[1] ?? /# Source: (\S+)/.exec(doc.toString())?.[1] ?? '';
    objects.push({ template: source, object: object as Record<string, unknown> });
  }
  return objects;
}

export interface TemplateOptions {
  release?: Release;
  /** Values files, in order (helm's -f), before `values`. */
  files?: string[];
  chartDir?: string;
  /** More helm flags (e.g. --kube-version). */
  args?: string[];
}

/** Runs `helm <args>` offline (no cluster, helm's homes in a temp dir) with `values` written as one more -f file. */
function offlineWithValues(args: (valuesFile: string) => string[], values: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infscale-helm-'));
  try {
    const valuesFile = path.join(dir, 'values.json');
    fs.writeFileSync(valuesFile, JSON.stringify(values ?? {}));
    return helmSync({ helm: helmBinary(), stateDir: dir, adminKubeconfig: '/dev/null' }, args(valuesFile)).stdout;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function releaseArgs(options: TemplateOptions, valuesFile: string): string[] {
  const release = options.release ?? { name: 'demo', namespace: 'models' };
  return [
    release.name,
    options.chartDir ?? CHART_DIR,
    '--namespace',
    release.namespace,
    ...(options.files ?? []).flatMap((f) => ['-f', f]),
    '-f',
    valuesFile,
    ...(options.args ?? []),
  ];
}

/**
 * `helm template` with the pinned helm: values files, then `values` (a values document, as -f),
 * validated against values.schema.json by helm itself. Throws with helm's own message.
 */
export function helmTemplate(values: unknown = {}, options: TemplateOptions = {}): RenderedChart {
  const stream = offlineWithValues((file) => ['template', ...releaseArgs(options, file)], values);
  return { objects: parseTemplateStream(stream), stream };
}

/** NOTES.txt as `helm install --dry-run=client` prints it (helm template does not render it); no cluster is asked. */
export function helmNotes(values: unknown = {}, options: TemplateOptions = {}): string {
  const out = offlineWithValues((file) => ['install', ...releaseArgs(options, file), '--dry-run=client'], values);
  const at = out.indexOf('\nNOTES:\n');
  if (at < 0) throw new Error('helm install --dry-run=client printed no NOTES');
  return out.slice(at + '\nNOTES:\n'.length).trim();
}
