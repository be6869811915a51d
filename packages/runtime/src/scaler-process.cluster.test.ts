/**
 * End to end, real over mock: a REAL Prometheus scraping a synthetic model-server pod (60 req/s) and
 * a kube-state-metrics stand-in; the real test control plane reached through a kubeconfig file
 * (a ServiceAccount token);
 * the baseline HPA Scaler from packages/scalers. The process must change the cluster exactly as the
 * same HPA decides from the same Prometheus answers and cluster state, export its metrics, and give
 * the Lease back when stopped.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DecisionRecord } from '@infscale/core';
import { KubernetesActuator } from '@infscale/kube';
import { PrometheusSource } from '@infscale/metrics';
import { createHpaScaler } from '@infscale/scalers';
import { stringify } from 'yaml';
import { startPrometheus, startSyntheticKubeStateMetrics, startSyntheticPod, type RunningPrometheus, type SyntheticPod } from '@infscale/metrics/testing';
import { loadProcessConfig } from './process-config';
import { runScalerProcess } from './scaler-process';
import { eventually, startTestCluster, TEMPLATE, uniqueName, type TestCluster } from '@infscale/kube/testing';
import { httpGet } from './test-support/http-get';
import { memoryJsonLogger } from './test-support/memory-log';

jest.setTimeout(60_000);

const NS = uniqueName('serving');
const POD = 'web-5d9c7b8f4-abcde'; // a pod of Deployment "web", as the catalogue's pod regex expects
const HPA = { metric: 'rps', target: 10, maxReplicas: 4, interval: '1s' };

let prom: RunningPrometheus;
let cluster: TestCluster;
const pods: SyntheticPod[] = [];

beforeAll(async () => {
  cluster = await startTestCluster({
    namespace: NS,
    scaler: 'hpa',
    deployments: [{ name: 'web', variant: 'resnet50', stage: 'main', replicas: 1, cores: 1, batch: 1 }],
  });
  pods.push(await startSyntheticPod({ requestsPerSecond: 60, cpuCores: 0.5 }));
  pods.push(await startSyntheticKubeStateMetrics({ web: 1 }));
  prom = await startPrometheus({
    targets: [
      { url: pods[0].url, labels: { namespace: NS, pod: POD } },
      { url: pods[1].url, labels: { namespace: NS } },
    ],
  });
  // Decide only once rate() has a full 5 s window of samples.
  await prom.waitFor(`count_over_time(infscale_model_requests_total{pod="${POD}"}[9s])`, (v) => v.length === 1 && v[0] >= 6);
});

afterAll(async () => {
  await prom?.stop();
  await Promise.all(pods.map((p) => p.close()));
  await cluster?.close();
});

it('scales the cluster as HPA decides from the same Prometheus data, exports its metrics, and releases the lease on stop', async () => {
  // The config as an operator writes it; the Prometheus address comes from the environment.
  const file = join(cluster.dir, 'hpa.yaml');
  writeFileSync(
    file,
    stringify({
      scaler: HPA,
      prometheus: { serverAddress: 'http://replaced-by-env:9090', namespace: NS },
      kubernetes: {
        template: TEMPLATE,
        connection: { mode: 'kubeconfig', path: cluster.kubeconfigPath },
        leaderElection: { identity: 'hpa-e2e' },
        awaitReady: { pollMs: 100, timeoutMs: 10_000 },
      },
      server: { port: 0, host: '127.0.0.1' },
    }),
  );
  const config = loadProcessConfig(file, { name: 'hpa', env: { INFSCALE_PROMETHEUS_SERVER_ADDRESS: prom.url } });

  // What the same HPA decides from the same inputs: the cluster as the actuator reads it, Prometheus as the source reads it.
  const scaler = createHpaScaler(config.scaler);
  const before = await KubernetesActuator.fromConfig(config.kubernetes, { kubeConfig: cluster.kubeConfig }).current();
  const nowMs = Date.now();
  const observed = await new PrometheusSource(config.prometheus).observe(scaler.observationRequest(nowMs, before));
  expect(observed.kind).toBe('ok');
  if (observed.kind !== 'ok') return;
  const expected = scaler.decide({ nowMs, observation: observed.observation, cluster: before }, scaler.initialState()).decision;
  expect(expected.kind).toBe('apply');
  if (expected.kind !== 'apply') return;
  const expectedReplicas = expected.desired.deployments.find((d) => d.name === 'web')?.replicas;
  expect(expectedReplicas).toBe(4); // 60 req/s over 10 per pod wants 6; the legacy scale-up limit and maxReplicas give 4

  const records: DecisionRecord[] = [];
  const log = memoryJsonLogger('info');
  const running = await runScalerProcess({ name: 'hpa', scaler, config, signals: false, onRecord: (r) => records.push(r), deps: { logger: log.logger } });
  try {
    expect((await httpGet(`${running.url}/healthz`)).status).toBe(200);
    // Ready as soon as the cluster was read once, before the first decision.
    expect(running.ready()).toBe(true);
    expect((await httpGet(`${running.url}/readyz`)).status).toBe(200);

    await eventually('the deployment scaled by the process', async () => (await cluster.replicasOf('web')) === expectedReplicas);
    const applied = records.find((r) => r.decision.kind === 'apply');
    expect(applied?.decision).toMatchObject({ kind: 'apply', desired: { deployments: expected.desired.deployments } });
    expect(applied?.plan?.actions).toContainEqual({ type: 'scale', name: 'web', replicas: expectedReplicas });

    // The decision was logged with what and why.
    const line = log.lines().find((l) => l.decision === 'apply');
    expect(line).toMatchObject({ scaler: 'hpa', desired: [{ name: 'web', replicas: expectedReplicas }] });
    expect(String(line?.reason)).toMatch(/web → 4 replicas/);

    // Once the new replicas are read back, /metrics shows decisions, desired vs current, and the process metrics.
    const metrics = await eventually('current replicas exported', async () => {
      const text = (await httpGet(`${running.url}/metrics`)).body;
      return /^infscale_hpa_current_replicas\{deployment="web"\} 4$/m.test(text) && text;
    });
    expect(metrics).toMatch(/^infscale_hpa_decisions_total\{kind="apply"\} 1$/m);
    expect(metrics).toMatch(/^infscale_hpa_desired_replicas\{deployment="web"\} 4$/m);
    expect(metrics).toMatch(/^infscale_hpa_decision_duration_seconds_count [1-9]/m);
    expect(metrics).toMatch(/^process_cpu_seconds_total /m);
    expect(metrics).toMatch(/^nodejs_eventloop_lag_seconds /m);

    expect(await cluster.leaseHolder('infscale-hpa')).toBe('hpa-e2e');
  } finally {
    const summary = await running.stop('test done');
    expect(summary.lease).toBe('released');
  }
  expect(await cluster.leaseHolder('infscale-hpa')).toBeUndefined();
  // Stopped means stopped: the server is closed and no tick follows.
  await expect(httpGet(`${running.url}/healthz`)).rejects.toThrow();
  const ticks = records.length;
  await new Promise((r) => setTimeout(r, 1_500));
  expect(records.length).toBe(ticks);
  expect(await cluster.replicasOf('web')).toBe(4);
});
