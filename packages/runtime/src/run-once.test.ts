import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetricsSource, ObservationResult } from '@infscale/core';
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

/** `holder -c <doc> --once --dry-run`, the README's form for running outside a cluster. */
async function once(kubernetes: Record<string, unknown>, metricsSource: MetricsSource = observed, env: Record<string, string> = {}) {
  const file = join(dir, 'config.yaml');
  writeFileSync(file, JSON.stringify({ prometheus: { serverAddress: 'http://127.0.0.1:9', namespace: 'ns' }, kubernetes }));
  return { ...(await runAppCli(app, ['-c', file, '--once', '--dry-run'], { env, deps: { metricsSource } })), file };
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

  it('exit 1 when it could not decide: the cluster cannot be read; the record says which step', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
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
