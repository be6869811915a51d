/**
 * The client side of the pinned test control plane (tools/testenv runs it): how a test finds the one
 * running for this test run, or has one started. Packages never import tools, so this side only
 * spawns the testenv command line (`node tools/testenv/bin/testenv.js up --json`) and reads what it
 * prints: the API server's address, the admin kubeconfig, the helm binary and the audit log.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

/** The repository: this file sits in packages/kube/src/test-support (Jest) or packages/kube/dist/test-support (built). */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');
export const TESTENV_CLI = path.join(REPO_ROOT, 'tools', 'testenv', 'bin', 'testenv.js');

/** Where the test run's global setup leaves the endpoint for the test files (JSON), so they need not ask again. */
export const ENDPOINT_ENV = 'INFSCALE_TESTENV_ENDPOINT';

export interface Versions {
  kubeApiserver: string;
  etcd: string;
  helm: string;
}

/** What `testenv up --json` prints about a running control plane: everything a client needs. */
export interface ControlPlaneEndpoint {
  stateDir: string;
  /** https://127.0.0.1:<port> */
  server: string;
  /** The test CA (PEM file) that signed the API server's serving certificate. */
  caCert: string;
  /** A kubeconfig as kubernetes-admin (system:masters). */
  adminKubeconfig: string;
  /** The API server's audit log: every write, at Metadata level, one JSON event per line. */
  auditLog: string;
  /** The pinned helm binary. */
  helm: string;
  versions: Versions;
  /** "control plane: kube-apiserver vX, etcd vY, helm vZ" */
  line: string;
}

/** A running control plane, with an admin client configuration loaded. */
export interface TestControlPlane extends ControlPlaneEndpoint {
  kubeConfig: KubeConfig;
}

function isEndpoint(value: unknown): value is ControlPlaneEndpoint {
  const v = value as Partial<ControlPlaneEndpoint> | null;
  return typeof v?.server === 'string' && typeof v.adminKubeconfig === 'string' && typeof v.helm === 'string' && typeof v.auditLog === 'string';
}

/** Parses the last line of `testenv up --json` (or the env var); names what is missing. */
export function parseEndpoint(text: string, source: string): ControlPlaneEndpoint {
  const last = text.trim().split('\n').pop() ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch {
    throw new Error(`${source} is not JSON: ${last.slice(0, 200)}`);
  }
  const endpoint = (parsed as { endpoint?: unknown }).endpoint ?? parsed;
  if (!isEndpoint(endpoint)) throw new Error(`${source} does not describe a control plane (server, adminKubeconfig, helm, auditLog): ${last.slice(0, 200)}`);
  return endpoint;
}

/**
 * Runs `testenv up --json`: reuses the healthy control plane of the state directory
 * ($INFSCALE_TESTENV_DIR or .testenv/), or builds (first time: minutes) and starts one.
 */
export function upEndpoint(extraArgs: string[] = []): ControlPlaneEndpoint {
  const out = execFileSync(process.execPath, [TESTENV_CLI, 'up', '--json', ...extraArgs], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 << 20,
  });
  return parseEndpoint(out, 'testenv up --json');
}

let cached: ControlPlaneEndpoint | undefined;

/** The endpoint the global setup handed down, else `testenv up --json` once per process. Synchronous: usable while Jest collects tests. */
export function controlPlaneEndpoint(env: NodeJS.ProcessEnv = process.env): ControlPlaneEndpoint {
  if (cached) return cached;
  const handed = env[ENDPOINT_ENV];
  cached = handed ? parseEndpoint(handed, ENDPOINT_ENV) : upEndpoint();
  return cached;
}

let helmPath: string | undefined;

/**
 * The pinned helm binary, without starting a control plane: the endpoint's when the global setup
 * handed one down, else `testenv which helm` (builds helm into the cache the first time).
 */
export function helmBinary(env: NodeJS.ProcessEnv = process.env): string {
  if (cached ?? env[ENDPOINT_ENV]) return controlPlaneEndpoint(env).helm;
  helmPath ??= execFileSync(process.execPath, [TESTENV_CLI, 'which', 'helm'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  return helmPath;
}

function loadKubeConfig(file: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  return kc;
}

/** The control plane of this test run, with an admin client: the one the global setup started or found, or a new one. */
export async function testControlPlane(): Promise<TestControlPlane> {
  const endpoint = controlPlaneEndpoint();
  return { ...endpoint, kubeConfig: loadKubeConfig(endpoint.adminKubeconfig) };
}
