import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricsSource, ObservationRequest } from '@infscale/core';
import { createStaticScaler } from '@infscale/scalers';
import { scalerCli, type CliIo, type ScalerApp } from './cli';
import { eventually, startFakeCluster, TEMPLATE, type FakeCluster } from './test-support/fake-cluster';

jest.setTimeout(30_000);

const NS = 'serving';
const app: ScalerApp<null> = {
  name: 'static',
  description: 'Keeps a fixed allocation.',
  buildScaler: (section) => createStaticScaler(section),
  configHelp: 'deployments: {<name>: {replicas, cores, batch?}}, intervalMs',
};

/** Static reads no load; a source that answers without Prometheus keeps this test about the CLI. */
const quietSource: MetricsSource = { observe: async (r: ObservationRequest) => ({ kind: 'ok', observation: { nowMs: r.nowMs, arrivalsPerSecond: [0] } }) };

let cluster: FakeCluster;
let file: string;
beforeEach(async () => {
  cluster = await startFakeCluster(NS, 'static', [{ name: 'web', variant: 'resnet50', stage: 'main', replicas: 1, cores: 2, batch: 1 }]);
  file = join(cluster.dir, 'config.yaml');
  writeFileSync(
    file,
    JSON.stringify({
      scaler: { deployments: { web: { replicas: 3, cores: 2 } }, intervalMs: 300 },
      prometheus: { serverAddress: 'http://127.0.0.1:9', namespace: NS },
      kubernetes: { template: TEMPLATE, connection: { mode: 'kubeconfig', path: cluster.kubeconfigPath }, leaderElection: { identity: 'cli-test' }, awaitReady: { pollMs: 50 } },
      server: { port: 0, host: '127.0.0.1' },
    }),
  );
});
afterEach(() => cluster.close());

function io(extra: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const exits: number[] = [];
  const value: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), env: {}, exit: (c) => void exits.push(c), deps: { metricsSource: quietSource }, ...extra };
  return { io: value, out, err, exits };
}

describe('scalerCli', () => {
  it('--help explains every flag, the config sections, the environment and the endpoints', async () => {
    const t = io();
    expect(await scalerCli(['--help'], app, t.io)).toBe(0);
    const help = t.out.join('');
    for (const text of ['--config <file>', '--dry-run', '--once', '--log-level <level>', 'Keeps a fixed allocation.', 'prometheus:', 'kubernetes:', 'loop:', 'INFSCALE_PROMETHEUS_BEARER_TOKEN', '/readyz', 'deployments: {<name>']) {
      expect(help).toContain(text);
    }
    expect(t.exits).toEqual([0]);
  });

  it('exits 2 without --config, and 2 naming the file and field of a bad config', async () => {
    const missing = io();
    expect(await scalerCli([], app, missing.io)).toBe(2);
    expect(missing.err.join('')).toMatch(/--config/);

    writeFileSync(file, JSON.stringify({ scaler: { deployments: { web: { replicas: -1, cores: 2 } } }, prometheus: { serverAddress: 'http://p:9090', namespace: NS }, kubernetes: { template: TEMPLATE } }));
    const bad = io();
    expect(await scalerCli(['--config', file], app, bad.io)).toBe(2);
    expect(bad.err.join('')).toContain(`${file}: scaler.deployments.web.replicas:`);
    expect(bad.exits).toEqual([2]);

    writeFileSync(file, 'server: {port: "x"}\n');
    const worse = io();
    expect(await scalerCli(['--config', file], app, worse.io)).toBe(2);
    expect(worse.err.join('')).toMatch(/server\.port/);
    expect(worse.err.join('')).toMatch(/prometheus/);
  });

  it('--once --dry-run prints the decision as JSON and changes nothing', async () => {
    const t = io();
    expect(await scalerCli(['--config', file, '--once', '--dry-run'], app, t.io)).toBe(0);
    expect(t.out).toHaveLength(1);
    const record = JSON.parse(t.out[0]);
    expect(record.decision).toMatchObject({ kind: 'apply', desired: { deployments: [{ name: 'web', replicas: 3 }] } });
    expect(record.plan.actions[0]).toEqual({ type: 'scale', name: 'web', replicas: 3 });
    expect(await cluster.replicasOf('web')).toBe(1);
    // The logs went to stderr, as JSON lines, including the actuator's "would" lines.
    const logs = t.err.join('').trim().split('\n').map((l) => JSON.parse(l));
    expect(logs.some((l) => /dry-run/.test(l.msg))).toBe(true);
  });

  it('--once applies the decision, waits for its plan, and leaves the lease free', async () => {
    const t = io();
    expect(await scalerCli(['--config', file, '--once', '--log-level', 'warn'], app, t.io)).toBe(0);
    expect(JSON.parse(t.out[0]).decision.kind).toBe('apply');
    expect(await cluster.replicasOf('web')).toBe(3);
    expect(await cluster.leaseHolder('infscale-static')).toBeUndefined();
    expect(t.err).toEqual([]); // nothing at warn or above
  });

  it('runs until SIGTERM, then exits 0 having released the lease', async () => {
    const signals = new EventEmitter();
    const t = io({ signals: signals as unknown as CliIo['signals'] });
    const exit = scalerCli(['--config', file], app, t.io);
    await eventually('the scale-up', async () => (await cluster.replicasOf('web')) === 3);
    await eventually('the lease taken', async () => (await cluster.leaseHolder('infscale-static')) === 'cli-test');
    signals.emit('SIGTERM', 'SIGTERM');
    expect(await exit).toBe(0);
    expect(await cluster.leaseHolder('infscale-static')).toBeUndefined();
    const logs = t.out.join('').trim().split('\n').map((l) => JSON.parse(l));
    expect(logs.find((l) => l.decision === 'apply')).toMatchObject({ scaler: 'static', reason: expect.stringContaining('web 3×2 cores') });
    expect(logs.find((l) => l.msg === 'static stopping')).toMatchObject({ reason: 'SIGTERM' });
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });
});
