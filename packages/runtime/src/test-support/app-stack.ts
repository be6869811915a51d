/**
 * What an app's end-to-end test runs against: a namespace of the real test control plane (through a
 * kubeconfig file, as the namespace's `scaler` ServiceAccount behind the fault proxy), a REAL
 * Prometheus scraping synthetic model-server pods and a kube-state-metrics stand-in, and the app's
 * CLI called in-process with its output captured. One stack per test file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Decision, DecisionRecord, DeploymentSpec, Scaler } from '@infscale/core';
import { KubernetesActuator } from '@infscale/kube';
import { startTestCluster, type TestCluster } from '@infscale/kube/testing';
import { PrometheusSource } from '@infscale/metrics';
import {
  startPrometheus,
  startSyntheticKubeStateMetrics,
  startSyntheticPod,
  type RunningPrometheus,
  type SyntheticPod,
  type SyntheticPodSpec,
} from '@infscale/metrics/testing';
import { stringify } from 'yaml';
import { scalerCli, type CliIo, type ScalerApp } from '../cli';
import { loadProcessConfig } from '../process-config';

export interface AppStackOptions {
  /** The namespace's exact, unique name (uniqueName('…') where the test file starts). */
  namespace: string;
  /** The app's name: the ownership label of `deployments`. */
  scaler: string;
  /** Deployments the scaler owns at the start, with their pods. */
  deployments: DeploymentSpec[];
  /** Ready replicas the kube-state-metrics stand-in reports; default those of `deployments`. */
  readyReplicas?: Record<string, number>;
  /** Synthetic pods Prometheus scrapes, by pod name (`<deployment>-<hash>-<id>`, as the catalogue's regex expects). */
  pods: Record<string, SyntheticPodSpec>;
}

export interface AppStack {
  cluster: TestCluster;
  prom: RunningPrometheus;
  namespace: string;
  /** The canonical config document around a scaler section, pointing at this stack. */
  document(scaler: Record<string, unknown>, kubernetes?: Record<string, unknown>): Record<string, unknown>;
  /** Writes a document as YAML into the stack's temp dir; returns its path. */
  write(name: string, doc: unknown): string;
  /**
   * What the pure scaler (built from `file` as the app builds it) decides from the cluster and
   * Prometheus as they are now, with the forecast the process recorded.
   */
  pureDecision<State>(app: ScalerApp<State>, file: string, record: DecisionRecord): Promise<Decision>;
  close(): Promise<void>;
}

/** A decision without its solver wall time, the one detail two runs of the same decision differ in. */
export function withoutSolveTime(decision: Decision): Decision {
  if (decision.kind !== 'apply' || !decision.details || !('solveMs' in decision.details)) return decision;
  const { solveMs: _solveMs, ...details } = decision.details;
  return { ...decision, details };
}

export async function startAppStack(options: AppStackOptions): Promise<AppStack> {
  const { namespace } = options;
  const cluster = await startTestCluster({ namespace, scaler: options.scaler, deployments: options.deployments });
  const servers: SyntheticPod[] = [];
  let prom: RunningPrometheus | undefined;
  try {
    for (const spec of Object.values(options.pods)) servers.push(await startSyntheticPod(spec));
    servers.push(await startSyntheticKubeStateMetrics(options.readyReplicas ?? Object.fromEntries(options.deployments.map((d) => [d.name, d.replicas]))));
    const names = Object.keys(options.pods);
    prom = await startPrometheus({
      targets: servers.map((s, i): { url: string; labels: Record<string, string> } => ({
        url: s.url,
        labels: names[i] ? { namespace, pod: names[i] } : { namespace },
      })),
    });
    // Decide only once rate() has a full 5 s window of samples on every pod.
    await prom.waitFor(
      `count_over_time(infscale_model_requests_total{namespace="${namespace}"}[9s])`,
      (v) => v.length === names.length && v.every((n) => n >= 6),
      30_000,
    );
  } catch (err) {
    await prom?.stop();
    await Promise.all(servers.map((s) => s.close()));
    await cluster.close();
    throw err;
  }
  const running = prom;
  return {
    cluster,
    prom: running,
    namespace,
    document: (scaler, kubernetes = {}) => ({
      scaler,
      prometheus: { serverAddress: running.url, namespace },
      kubernetes: {
        connection: { mode: 'kubeconfig', path: cluster.kubeconfigPath },
        leaderElection: { identity: `${options.scaler}-e2e` },
        awaitReady: { pollMs: 100, timeoutMs: 20_000 },
        resize: { pollMs: 100, timeoutMs: 20_000 },
        retry: { baseDelayMs: 50 },
        ...kubernetes,
      },
      server: { port: 0, host: '127.0.0.1' },
    }),
    write: (name, doc) => {
      const file = join(cluster.dir, name);
      writeFileSync(file, typeof doc === 'string' ? doc : stringify(doc));
      return file;
    },
    pureDecision: async (app, file, record) => {
      const config = loadProcessConfig(file, { name: app.name, dryRun: true });
      const build = await app.buildScaler(config.scaler, config);
      const scaler: Scaler<unknown> = 'decide' in build ? build : build.scaler;
      const state = await new KubernetesActuator(config.kubernetes, { kubeConfig: cluster.kubeConfig }).current();
      const observed = await new PrometheusSource(config.prometheus).observe(scaler.observationRequest(record.nowMs, state));
      if (observed.kind !== 'ok') throw new Error(`no observation: ${observed.reason}`);
      return withoutSolveTime(
        scaler.decide({ nowMs: record.nowMs, observation: observed.observation, forecast: record.forecast, cluster: state }, scaler.initialState()).decision,
      );
    },
    close: async () => {
      await running.stop();
      await Promise.all(servers.map((s) => s.close()));
      await cluster.close();
    },
  };
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs an app's command line in this process, as `node apps/<name>/dist/main.js <argv>` would. */
export async function runAppCli<State>(app: ScalerApp<State>, argv: string[], io: Partial<CliIo> = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await scalerCli(argv, app, {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env: {},
    exit: () => undefined,
    signals: false,
    ...io,
  });
  return { code, out: out.join(''), err: err.join('') };
}

/** Writes `doc` (JSON) to a fresh temp file and runs the app's CLI on it; the file is gone afterwards. */
export async function runAppWithConfig<State>(app: ScalerApp<State>, doc: unknown, flags: string[] = []): Promise<CliRun & { file: string }> {
  const dir = mkdtempSync(join(tmpdir(), `infscale-${app.name}-`));
  const file = join(dir, 'config.json');
  try {
    writeFileSync(file, JSON.stringify(doc));
    return { ...(await runAppCli(app, ['--config', file, ...flags])), file };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
