import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { errorMessage } from '@infscale/core';
import { pinnedVersions, requireBinary } from './binaries';
import {
  AUDIT_POLICY,
  KUBERNETES_SERVICE_IP,
  apiserverArgs,
  apiserverUrl,
  controllerManagerArgs,
  etcdArgs,
  etcdUrl,
  paths,
  schedulerArgs,
  type Layout,
} from './components';
import { nodeReady, STAND_IN_LABEL, STAND_IN_VALUE, writeKubeconfig, type ControlPlaneEndpoint } from '@infscale/kube/testing';
import { getText, type Tls } from './http-get';
import { addHolder, removeHolder } from './holders';
import { withLock } from './lock';
import { KUBELET_MAIN, defaultCacheDir, defaultStateDir } from './paths';
import { createPki } from './pki';
import { isRunning, startProcess, stopProcess, tailLog, type RunningProcess } from './processes';

export interface Versions {
  kubeApiserver: string;
  etcd: string;
  helm: string;
}

/** What state.json records about a running control plane. */
export interface ControlPlaneState {
  layout: Layout;
  processes: RunningProcess[];
  versions?: Versions;
  nodes: string[];
  adminKubeconfig: string;
  binaries: { controlplane: string; helm: string };
}

export interface ControlPlane extends ControlPlaneState {
  versions: Versions;
  kubeConfig: KubeConfig;
  /** True when this call started it, false when it found one running (then it is not this caller's to stop). */
  started: boolean;
}

export interface UpOptions {
  stateDir?: string;
  cacheDir?: string;
  /** Nodes registered at start (testenv-node-1…N); tests may register more with registerNode(). */
  nodes?: number;
  /** Allocatable CPU of each node, a quantity. */
  nodeCpu?: string;
  nodeMemory?: string;
  /** How long the whole start may take. */
  timeoutMs?: number;
  log?: (line: string) => void;
  /** Register this process as a holder (a test run): the last holder stops a control plane that a holder started. */
  holder?: number;
}

/** The one line that says what runs. */
export function versionLine(v: Versions): string {
  return `control plane: kube-apiserver ${v.kubeApiserver}, etcd v${v.etcd}, helm ${v.helm}`;
}

export function readState(stateDir = defaultStateDir()): ControlPlaneState | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(stateDir, 'state.json'), 'utf8')) as ControlPlaneState;
  } catch {
    return undefined;
  }
}

function writeState(stateDir: string, state: ControlPlaneState): void {
  const file = path.join(stateDir, 'state.json');
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

/** Distinct free ports on 127.0.0.1: all held open at once, then released for the components to take. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

function adminTls(layout: Layout): Tls {
  const p = paths(layout);
  return { ca: p.caCert, ...p.cert('admin') };
}

async function ok(url: string, tls: Tls): Promise<boolean> {
  try {
    return (await getText(url, tls, 2000)).status === 200;
  } catch {
    return false;
  }
}

/** Polls `probe` until true; fails at once, with the tail of its log, if a watched process dies meanwhile. */
async function waitFor(what: string, probe: () => Promise<boolean>, watched: RunningProcess[], deadline: number): Promise<void> {
  for (;;) {
    const dead = watched.find((p) => !isRunning(p));
    if (dead) throw new Error(`${dead.name} exited while waiting for ${what}; the end of ${dead.log}:\n${tailLog(dead.log)}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      const last = watched[watched.length - 1];
      throw new Error(`timed out waiting for ${what}${last ? `; the end of ${last.log}:\n${tailLog(last.log)}` : ''}`);
    }
    await sleep(250);
  }
}

function loadKubeConfig(file: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  return kc;
}

/** A running control plane answers, and every process it started is still the one it started. */
export async function isHealthy(state: ControlPlaneState): Promise<boolean> {
  if (!state.versions || !state.processes.every(isRunning)) return false;
  return ok(`${apiserverUrl(state.layout)}/readyz`, adminTls(state.layout));
}

/** Lets the kubelet stand-in serve nodes and pods: only what a kubelet does, no more. */
async function grantKubeletRole(kc: KubeConfig, user: string): Promise<void> {
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  const name = 'infscale:testenv-kubelet';
  await rbac.createClusterRole({
    body: {
      metadata: { name },
      rules: [
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
        { apiGroups: [''], resources: ['nodes/status', 'pods/status'], verbs: ['patch', 'update'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'delete'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
        { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
      ],
    },
  });
  await rbac.createClusterRoleBinding({
    body: {
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
    },
  });
}

async function stopAll(processes: RunningProcess[]): Promise<void> {
  // Clients first (kubelet stand-in, scheduler, controllers), then the API server, etcd last.
  const order = [['kubelet', 'kube-scheduler', 'kube-controller-manager'], ['kube-apiserver'], ['etcd']];
  for (const names of order) await Promise.all(processes.filter((p) => names.includes(p.name)).map((p) => stopProcess(p)));
}

async function start(stateDir: string, options: UpOptions, log: (line: string) => void): Promise<ControlPlane> {
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const binaries = { controlplane: requireBinary('controlplane', cacheDir), helm: requireBinary('helm', cacheDir) };
  if (!fs.existsSync(KUBELET_MAIN)) throw new Error(`${KUBELET_MAIN} is missing: build tools/testenv first (npm run build)`);
  const [etcdClient, etcdPeer, apiserver, controllerManager, scheduler] = await freePorts(5);
  const layout: Layout = {
    stateDir,
    ports: { etcdClient: etcdClient!, etcdPeer: etcdPeer!, apiserver: apiserver!, controllerManager: controllerManager!, scheduler: scheduler! },
  };
  const p = paths(layout);
  fs.mkdirSync(p.logs, { recursive: true });
  fs.writeFileSync(p.auditPolicy, AUDIT_POLICY);
  const kubeletUser = 'infscale:testenv-kubelet';
  const pki = createPki(p.pki, [
    {
      name: 'apiserver',
      commonName: 'kube-apiserver',
      altNames: {
        dns: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'],
        ips: ['127.0.0.1', KUBERNETES_SERVICE_IP],
      },
    },
    { name: 'admin', commonName: 'kubernetes-admin', organizations: ['system:masters'] },
    { name: 'kube-controller-manager', commonName: 'system:kube-controller-manager' },
    { name: 'kube-scheduler', commonName: 'system:kube-scheduler' },
    { name: 'front-proxy-client', commonName: 'front-proxy-client' },
    { name: 'kubelet', commonName: kubeletUser },
  ]);
  const server = apiserverUrl(layout);
  const kubeconfigFor = (file: string, user: string, certName: string) =>
    writeKubeconfig(file, { server, caCert: pki.caCert, user, credentials: { clientCert: pki.cert(certName).cert, clientKey: pki.cert(certName).key } });
  kubeconfigFor(p.adminKubeconfig, 'kubernetes-admin', 'admin');
  for (const c of ['kube-controller-manager', 'kube-scheduler', 'kubelet']) kubeconfigFor(p.kubeconfig(c), c, c);

  const nodes = Array.from({ length: options.nodes ?? 1 }, (_, i) => `testenv-node-${i + 1}`);
  const state: ControlPlaneState = { layout, processes: [], nodes, adminKubeconfig: p.adminKubeconfig, binaries };
  const run = (name: string, command: string, args: string[]) => {
    const proc = startProcess(name, command, args, path.join(p.logs, `${name}.log`));
    state.processes.push(proc);
    writeState(stateDir, state);
    return proc;
  };
  const t0 = Date.now();
  const step = (what: string) => log(`testenv: ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

  const etcd = run('etcd', binaries.controlplane, etcdArgs(layout));
  await waitFor('etcd to be healthy', async () => JSON.parse((await getText(`${etcdUrl(layout)}/health`)).body).health === 'true', [etcd], deadline);
  step('etcd healthy');
  const kubeApiserver = run('kube-apiserver', binaries.controlplane, apiserverArgs(layout));
  await waitFor('kube-apiserver to be ready', () => ok(`${server}/readyz`, adminTls(layout)), [etcd, kubeApiserver], deadline);
  step('kube-apiserver ready');
  const kubeConfig = loadKubeConfig(p.adminKubeconfig);
  await grantKubeletRole(kubeConfig, kubeletUser);
  const controllers = run('kube-controller-manager', binaries.controlplane, controllerManagerArgs(layout));
  const sched = run('kube-scheduler', binaries.controlplane, schedulerArgs(layout));
  const k8sVersion = pinnedVersions('controlplane')['k8s.io/kubernetes']!;
  const kubelet = run('kubelet', process.execPath, [
    KUBELET_MAIN,
    `--kubeconfig=${p.kubeconfig('kubelet')}`,
    ...nodes.map((n) => `--node=${n}`),
    `--node-cpu=${options.nodeCpu ?? '8'}`,
    `--node-memory=${options.nodeMemory ?? '64Gi'}`,
    `--kubelet-version=${k8sVersion}`,
  ]);
  const all = [etcd, kubeApiserver, controllers, sched, kubelet];
  const insecure = { insecure: true };
  await waitFor('kube-controller-manager to be healthy', () => ok(`https://127.0.0.1:${layout.ports.controllerManager}/healthz`, insecure), all, deadline);
  await waitFor('kube-scheduler to be healthy', () => ok(`https://127.0.0.1:${layout.ports.scheduler}/healthz`, insecure), all, deadline);
  step('controller manager and scheduler healthy');
  const core = kubeConfig.makeApiClient(CoreV1Api);
  await waitFor(
    `nodes ${nodes.join(', ')} to be Ready and untainted`,
    async () => {
      const list = await core.listNode({ labelSelector: `${STAND_IN_LABEL}=${STAND_IN_VALUE}` });
      return nodes.every((n) => list.items.some((node) => node.metadata?.name === n && nodeReady(node)));
    },
    all,
    deadline,
  );
  await waitFor(
    'the default ServiceAccount',
    async () => Boolean(await core.readNamespacedServiceAccount({ name: 'default', namespace: 'default' })),
    all,
    deadline,
  );
  step('nodes Ready, default ServiceAccount exists');

  const apiVersion = JSON.parse((await getText(`${server}/version`, adminTls(layout))).body) as { gitVersion: string };
  const etcdVersion = JSON.parse((await getText(`${etcdUrl(layout)}/version`)).body) as { etcdserver: string };
  const helmVersion = execFileSync(binaries.helm, ['version', '--template', '{{.Version}}'], { encoding: 'utf8' }).trim();
  const versions: Versions = { kubeApiserver: apiVersion.gitVersion, etcd: etcdVersion.etcdserver, helm: helmVersion };
  writeState(stateDir, { ...state, versions });
  return { ...state, versions, kubeConfig, started: true };
}

/** What a test client needs to reach a running control plane (what `up --json` prints). */
export function endpointOf(state: ControlPlaneState & { versions: Versions }): ControlPlaneEndpoint {
  const p = paths(state.layout);
  return {
    stateDir: state.layout.stateDir,
    server: apiserverUrl(state.layout),
    caCert: p.caCert,
    adminKubeconfig: state.adminKubeconfig,
    auditLog: p.auditLog,
    helm: state.binaries.helm,
    versions: state.versions,
    line: versionLine(state.versions),
  };
}

/** The healthy control plane running in `stateDir`, or an error saying how to start one. */
export async function runningControlPlane(stateDir = defaultStateDir()): Promise<ControlPlane> {
  const state = readState(stateDir);
  if (!state || !(await isHealthy(state))) throw new Error(`no healthy control plane in ${stateDir}: run 'npm run testenv -- up' first`);
  return { ...state, versions: state.versions!, kubeConfig: loadKubeConfig(state.adminKubeconfig), started: false };
}

/**
 * Starts the control plane in `stateDir`, or reuses the healthy one already running there. Whatever
 * a failed or dead earlier one left behind is stopped and removed first. Safe to call from several
 * processes at once (one starts, the others wait and reuse).
 */
export async function up(options: UpOptions = {}): Promise<ControlPlane> {
  const stateDir = path.resolve(options.stateDir ?? defaultStateDir());
  const log = options.log ?? ((line: string) => console.log(line));
  return withLock(`${stateDir}.lock`, async () => {
    const cp = await reuseOrStart(stateDir, options, log);
    if (options.holder !== undefined) addHolder(stateDir, options.holder, cp.started);
    return cp;
  });
}

async function reuseOrStart(stateDir: string, options: UpOptions, log: (line: string) => void): Promise<ControlPlane> {
  const existing = readState(stateDir);
  if (existing && (await isHealthy(existing))) return runningControlPlane(stateDir);
  if (existing) {
    log(`testenv: the control plane in ${stateDir} is not healthy; stopping what is left of it and starting afresh`);
    await stopAll(existing.processes);
  }
  fs.rmSync(stateDir, { recursive: true, force: true });
  fs.mkdirSync(stateDir, { recursive: true });
  try {
    return await start(stateDir, options, log);
  } catch (err) {
    // Nothing stays running after a failed start; the logs stay for a look until the next up or down.
    await stopAll(readState(stateDir)?.processes ?? []);
    throw new Error(`the test control plane did not start: ${errorMessage(err)}`);
  }
}

async function stopAndRemove(stateDir: string): Promise<boolean> {
  const state = readState(stateDir);
  if (state) await stopAll(state.processes);
  const existed = fs.existsSync(stateDir);
  fs.rmSync(stateDir, { recursive: true, force: true });
  return existed;
}

/**
 * Ends process `holder`'s hold; stops the control plane when a holder started it and no live
 * holder is left. Returns what happened, for the log.
 */
export async function release(options: { stateDir?: string; holder: number }): Promise<'stopped' | 'kept'> {
  const stateDir = path.resolve(options.stateDir ?? defaultStateDir());
  return withLock(`${stateDir}.lock`, async () => {
    if (!removeHolder(stateDir, options.holder)) return 'kept';
    await stopAndRemove(stateDir);
    return 'stopped';
  });
}

/** Stops every process of the control plane in `stateDir` (SIGTERM, then SIGKILL) and removes its state. */
export async function down(options: { stateDir?: string } = {}): Promise<boolean> {
  const stateDir = path.resolve(options.stateDir ?? defaultStateDir());
  return withLock(`${stateDir}.lock`, () => stopAndRemove(stateDir));
}
