import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type Clock, type MetricsSource, type ObservationResult } from '@infscale/core';
import { holdingScaler } from '@infscale/scalers/testing';
import type { ScalerApp } from './cli';
import { runAppCli } from './test-support/app-stack';

jest.setTimeout(30_000);

const app: ScalerApp = { name: 'holder', description: 'Holds.', buildScaler: () => holdingScaler('holder') };
const dir = mkdtempSync(join(tmpdir(), 'run-once-'));
const source = (result: ObservationResult): MetricsSource => ({ observe: async () => result });
const observed = source({ kind: 'ok', observation: { nowMs: 0, arrivalsPerSecond: [1, 2, 3] } });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function kubeconfigFor(server: string): string {
  const file = join(dir, `kc-${server.replace(/\W/g, '')}.yaml`);
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]\n` +
      'users: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n',
  );
  return file;
}

const sections = (kubernetes: Record<string, unknown>) => ({ prometheus: { serverAddress: 'http://127.0.0.1:9', namespace: 'ns' }, kubernetes });

/** `holder -c <doc> --once --dry-run`, the README's form for running outside a cluster. */
async function once(kubernetes: Record<string, unknown>, metricsSource: MetricsSource = observed, env: Record<string, string> = {}, clock?: Clock) {
  const file = join(dir, 'config.yaml');
  writeFileSync(file, JSON.stringify(sections(kubernetes)));
  return { ...(await runAppCli(app, ['-c', file, '--once', '--dry-run'], { env, deps: { metricsSource, ...(clock ? { clock } : {}) } })), file };
}

/** A closed port: nothing answers there. */
async function closedPort(): Promise<number> {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  return port;
}

describe('--once outside a cluster', () => {
  it('in-cluster mode (the default) outside a pod: exit 2 at start, naming the field and saying to use a kubeconfig', async () => {
    const run = await once({});
    expect(run.code).toBe(2);
    expect(run.err).toContain(
      `${run.file}: kubernetes.connection.mode: in-cluster (the default) connects with the pod's service account, but this process does not run in a pod`,
    );
    expect(run.err).toContain('set mode: kubeconfig');
    expect(run.out).toBe('');
  });

  it('a kubeconfig path that does not exist: exit 2 naming kubernetes.connection.path and the path, no stack', async () => {
    const run = await once({ connection: { mode: 'kubeconfig', path: join(dir, 'missing') } });
    expect(run.code).toBe(2);
    expect(run.err).toContain(`kubernetes.connection.path: no kubeconfig at ${join(dir, 'missing')}`);
    expect(run.err).not.toMatch(/\bat \S+ \(/);
  });

  it('a context the kubeconfig lacks, in a wrapped document: exit 2 naming spec.kubernetes.connection.context', async () => {
    const file = join(dir, 'wrapped.yaml');
    const kubernetes = { connection: { mode: 'kubeconfig', path: kubeconfigFor('http://127.0.0.1:9'), context: 'nope' } };
    writeFileSync(file, JSON.stringify({ apiVersion: 'infscale.io/v1alpha1', kind: 'ScalerConfig', spec: sections(kubernetes) }));
    const run = await runAppCli(app, ['-c', file, '--once', '--dry-run'], { deps: { metricsSource: observed } });
    expect(run.code).toBe(2);
    expect(run.err).toContain(`holder: invalid configuration: ${file}: spec.kubernetes.connection.context: not a context of the kubeconfig (its contexts: x)`);
    expect(run.out).toBe('');
  });

  it('--validate does not load the connection: in-cluster mode outside a pod is valid there', async () => {
    const file = join(dir, 'in-cluster.yaml');
    writeFileSync(file, JSON.stringify(sections({})));
    const run = await runAppCli(app, ['--validate', '-c', file]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^\S+: valid holder config: namespace ns, /);
    expect(run.err).toBe('');
  });

  it('a ConfigError thrown while running is reported as thrown (exit 2), not put under kubernetes.', async () => {
    // A stub: nothing in the runtime throws a ConfigError once running (the scaler, metrics and
    // forecaster steps are caught by the loop's tick, the after-plan hook by PostPlanActuator), so a
    // seam that runOnce calls outside the tick, the clock, throws one here.
    const late = new ConfigError('forecaster model', [{ path: 'weights', value: 'w.bin', message: 'no such file' }]);
    const clock: Clock = {
      now: () => {
        throw late;
      },
    };
    const run = await once({ connection: { mode: 'kubeconfig', path: kubeconfigFor(`http://127.0.0.1:${await closedPort()}`) } }, observed, {}, clock);
    expect(run.code).toBe(2);
    expect(run.err).toBe(`holder: invalid configuration: forecaster model: weights: no such file (got "w.bin")\n`);
    expect(run.out).toBe('');
  });

  it('exit 1 when it could not decide: the cluster cannot be read; the record says which step', async () => {
    const port = await closedPort();
    const unreachable = await once({ connection: { mode: 'kubeconfig', path: kubeconfigFor(`http://127.0.0.1:${port}`) }, retry: { maxAttempts: 1 } });
    expect(unreachable.code).toBe(1);
    expect(JSON.parse(unreachable.out)).toMatchObject({
      decision: { kind: 'hold', reason: expect.stringMatching(/^cannot read cluster state/) },
      failedAt: 'cluster',
    });
    expect(unreachable.err).toContain('holder --once: no decision, the cluster step failed');

    // The metrics step failing, and a hold the scaler chooses (exit 0), need a cluster to read: cli.cluster.test.ts.
  });
});
