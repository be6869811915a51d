import { EventEmitter } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricsSource, ObservationRequest } from '@infscale/core';
import { createStaticScaler, staticConfigSchema } from '@infscale/scalers';
import { scalerCli, type CliIo, type ScalerApp } from './cli';
import { stringify } from 'yaml';
import { eventually, startTestCluster, TEMPLATE, uniqueName, type TestCluster } from '@infscale/kube/testing';

jest.setTimeout(30_000);

/** A namespace of its own for each test (a deleted one takes a while to go). */
let NS = '';
const app: ScalerApp<null> = {
  name: 'static',
  description: 'Keeps a fixed allocation.',
  buildScaler: (section) => createStaticScaler(section),
  configSchema: staticConfigSchema,
};

/** Static reads no load; a source that answers without Prometheus keeps this test about the CLI. */
const quietSource: MetricsSource = { observe: async (r: ObservationRequest) => ({ kind: 'ok', observation: { nowMs: r.nowMs, arrivalsPerSecond: [0] } }) };

let cluster: TestCluster;
let file: string;
beforeEach(async () => {
  NS = uniqueName('serving');
  cluster = await startTestCluster({
    namespace: NS,
    scaler: 'static',
    deployments: [{ name: 'web', variant: 'resnet50', stage: 'main', replicas: 1, cores: 2, batch: 1 }],
  });
  file = join(cluster.dir, 'config.yaml');
  writeFileSync(
    file,
    JSON.stringify({
      scaler: { deployments: { web: { replicas: 3, cores: 2 } }, interval: '300ms' },
      prometheus: { serverAddress: 'http://127.0.0.1:9', namespace: NS },
      kubernetes: {
        template: TEMPLATE,
        connection: { mode: 'kubeconfig', path: cluster.kubeconfigPath },
        leaderElection: { identity: 'cli-test' },
        awaitReady: { pollMs: 50 },
      },
      server: { port: 0, host: '127.0.0.1' },
    }),
  );
});
afterEach(() => cluster.close());

function io(extra: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const exits: number[] = [];
  const value: CliIo = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env: {},
    exit: (c) => void exits.push(c),
    deps: { metricsSource: quietSource },
    ...extra,
  };
  return { io: value, out, err, exits };
}

describe('scalerCli', () => {
  it('--help explains every flag, the config sections, the environment and the endpoints', async () => {
    const t = io();
    expect(await scalerCli(['--help'], app, t.io)).toBe(0);
    const help = t.out.join('');
    for (const text of [
      '--config <file>',
      '--dry-run',
      '--once',
      '--log-level <level>',
      'Keeps a fixed allocation.',
      'prometheus:',
      'kubernetes:',
      'loop:',
      'INFSCALE_PROMETHEUS_BEARER_TOKEN',
      '/readyz',
      'deployments: map of object',
    ]) {
      expect(help).toContain(text);
    }
    expect(t.exits).toEqual([0]);
  });

  it('exits 2 without --config, and 2 naming the file and field of a bad config', async () => {
    const missing = io();
    expect(await scalerCli([], app, missing.io)).toBe(2);
    expect(missing.err.join('')).toMatch(/--config/);

    writeFileSync(
      file,
      JSON.stringify({
        scaler: { deployments: { web: { replicas: -1, cores: 2 } } },
        prometheus: { serverAddress: 'http://p:9090', namespace: NS },
        kubernetes: { template: TEMPLATE },
      }),
    );
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
    const logs = t.err
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
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

  it('--once exits 1 when the metrics have no data (the record says which step), and 0 on a hold the scaler chose', async () => {
    const noData = io({ deps: { metricsSource: { observe: async () => ({ kind: 'no-data', reason: 'prometheus unreachable' }) } } });
    expect(await scalerCli(['--config', file, '--once', '--dry-run'], app, noData.io)).toBe(1);
    expect(JSON.parse(noData.out[0]!)).toMatchObject({ decision: { kind: 'hold', reason: 'no data: prometheus unreachable' }, failedAt: 'metrics' });
    expect(noData.err.join('')).toContain('static --once: no decision, the metrics step failed');

    expect(await scalerCli(['--config', file, '--once', '--log-level', 'warn'], app, io().io)).toBe(0); // web → 3 replicas
    const decided = io();
    expect(await scalerCli(['--config', file, '--once', '--dry-run'], app, decided.io)).toBe(0);
    const record = JSON.parse(decided.out[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({ decision: { kind: 'hold' } });
    expect(record.failedAt).toBeUndefined();
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
    const logs = t.out
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(logs.find((l) => l.decision === 'apply')).toMatchObject({ scaler: 'static', reason: expect.stringContaining('web 3×2 cores') });
    expect(logs.find((l) => l.msg === 'static stopping')).toMatchObject({ reason: 'SIGTERM' });
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });

  describe('--validate', () => {
    const doc = () => JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
    const wrapped = (spec: unknown) => ({ apiVersion: 'infscale.io/v1alpha1', kind: 'ScalerConfig', metadata: { name: 'demo' }, spec });

    it('exits 0 with a one-line summary, touching neither Prometheus nor the cluster', async () => {
      const t = io({ deps: {} }); // no stand-in metrics source: Prometheus at 127.0.0.1:9 is never asked
      const before = cluster.proxy.requests.length; // the fixture's own setup
      expect(await scalerCli(['--validate', '-c', file], app, t.io)).toBe(0);
      expect(t.out).toEqual([
        `${file}: valid static config: namespace ${NS}, a tick every 300ms, Prometheus http://127.0.0.1:9, writes to the cluster, leader election on (lease 15 s)\n`,
      ]);
      expect(t.err).toEqual([]);
      expect(cluster.proxy.requests.slice(before)).toEqual([]);
    });

    it.each([
      [
        'kubernetes.dryrun: true',
        (d: Record<string, Record<string, unknown>>) => (d.kubernetes!.dryrun = true),
        'kubernetes.dryrun: unknown field (did you mean dryRun?)',
      ],
      ['scaler.interval: 0s', (d: Record<string, Record<string, unknown>>) => (d.scaler!.interval = '0s'), 'scaler.interval: must be > 0'],
      [
        'loop.errorBackoff',
        (d: Record<string, Record<string, unknown>>) => (d.loop = { errorBackoff: '1s' }),
        'loop.errorBackoff: unknown field (did you mean errorBackoffMs?)',
      ],
    ])('exits 2 on %s, naming the file and field', async (_, change, message) => {
      const d = doc();
      change(d);
      writeFileSync(file, JSON.stringify(d));
      const t = io();
      expect(await scalerCli(['--validate', '--config', file], app, t.io)).toBe(2);
      expect(t.err.join('')).toContain(`static: invalid configuration: ${file}: ${message}`);
      expect(t.out).toEqual([]);
    });

    it('applies the environment as the process would', async () => {
      const t = io({ env: { INFSCALE_DRY_RUN: 'maybe' } });
      expect(await scalerCli(['--validate', '-c', file], app, t.io)).toBe(2);
      expect(t.err.join('')).toContain('with INFSCALE_DRY_RUN from the environment): loop.dryRun:');
    });

    it('reads standard input with -c -', async () => {
      const t = io({ readStdin: () => stringify(doc()) });
      expect(await scalerCli(['--validate', '-c', '-'], app, t.io)).toBe(0);
      expect(t.out[0]).toMatch(/^stdin: valid static config/);
    });

    it('picks the ScalerConfig out of a helm template stream, and names where it was found', async () => {
      const configMap = (spec: unknown) => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'demo-config' },
        data: { 'config.yaml': stringify(wrapped(spec)) },
      });
      const stream = (spec: unknown) =>
        [
          '---\n# Source: infscale/templates/serviceaccount.yaml',
          stringify({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'demo' } }),
          '---\n# Source: infscale/templates/dashboards.yaml',
          stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo-dashboards' }, data: { 'overview.json': '{"panels": []}' } }),
          '---\n# Source: infscale/templates/configmap.yaml',
          stringify(configMap(spec)),
        ].join('\n');
      const ok = io({ readStdin: () => stream(doc()) });
      expect(await scalerCli(['--validate', '-c', '-'], app, ok.io)).toBe(0);
      expect(ok.out[0]).toMatch(/^stdin \(ConfigMap demo-config, key config\.yaml\): valid static config/);

      const bad = doc();
      bad.kubernetes!.dryrun = true;
      const wrong = io({ readStdin: () => stream(bad) });
      expect(await scalerCli(['--validate', '-c', '-'], app, wrong.io)).toBe(2);
      expect(wrong.err.join('')).toContain('stdin (ConfigMap demo-config, key config.yaml): spec.kubernetes.dryrun: unknown field (did you mean dryRun?)');

      const none = io({ readStdin: () => 'kind: A\n---\nkind: B\n' });
      expect(await scalerCli(['--validate', '-c', '-'], app, none.io)).toBe(2);
      expect(none.err.join('')).toContain('stdin: (root): no ScalerConfig among its 2 documents');
      // Without --validate a stream is refused: a process runs one document.
      const run = io({ readStdin: () => stream(doc()) });
      expect(await scalerCli(['--once', '-c', '-'], app, run.io)).toBe(2);
      expect(run.err.join('')).toContain('stdin: (root): expected one document, found 3');
    });

    it('refuses a YAML alias bomb naming the file, with exit code 2', async () => {
      const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 8; i++)
        lines.push(
          `l${i}: &l${i} [${Array(9)
            .fill(i === 1 ? '*a' : `*l${i - 1}`)
            .join(', ')}]`,
        );
      writeFileSync(file, lines.join('\n'));
      const t = io();
      expect(await scalerCli(['--validate', '-c', file], app, t.io)).toBe(2);
      expect(t.err.join('')).toContain(`static: invalid configuration: ${file}: (root): refused: its aliases expand too much`);
    });
  });
});
