import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@infscale/core';
import { loadKubeConfig } from './kube-connection';

const dir = mkdtempSync(join(tmpdir(), 'kube-connection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const kubeconfig = (name: string, server = 'https://10.1.2.3:6443') => {
  const file = join(dir, name);
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "${server}"}}]\nusers: [{name: u, user: {token: t}}]\n` +
      'contexts: [{name: a, context: {cluster: c, user: u}}, {name: b, context: {cluster: c, user: u}}]\ncurrent-context: a\n',
  );
  return file;
};

/** The one issue of the ConfigError `run` throws. */
function issueOf(run: () => unknown): { path: string; value: unknown; message: string } {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError && err.issues.length === 1) return err.issues[0]!;
    throw err;
  }
  throw new Error('no ConfigError');
}

describe('loadKubeConfig', () => {
  const noToken = join(dir, 'no-token');

  it('in-cluster outside a pod: names connection.mode, what is missing and says to use a kubeconfig', () => {
    const issue = issueOf(() => loadKubeConfig({ mode: 'in-cluster' }, { env: {}, tokenFile: noToken }));
    expect(issue.path).toBe('connection.mode');
    expect(issue.value).toBe('in-cluster');
    expect(issue.message).toContain('does not run in a pod (KUBERNETES_SERVICE_HOST is not set, KUBERNETES_SERVICE_PORT is not set');
    expect(issue.message).toContain(`${noToken} does not exist`);
    expect(issue.message).toContain('set mode: kubeconfig');
  });

  it('in-cluster in a pod: the service account, at the service host', () => {
    const token = join(dir, 'token');
    writeFileSync(token, 'abc');
    const kc = loadKubeConfig({ mode: 'in-cluster' }, { env: { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' }, tokenFile: token });
    // client-node reads the process's variables itself; the check only decides whether to let it.
    expect(kc.getCurrentCluster()?.name).toBe('inCluster');
  });

  it('a kubeconfig path that does not exist: names connection.path and the file', () => {
    const issue = issueOf(() => loadKubeConfig({ mode: 'kubeconfig', path: '/nonexistent/kc' }, { env: {} }));
    expect(issue).toEqual({ path: 'connection.path', value: '/nonexistent/kc', message: expect.stringContaining('no kubeconfig at /nonexistent/kc') });
  });

  it('no path, no $KUBECONFIG and no ~/.kube/config: names connection.path and where it looked', () => {
    const issue = issueOf(() => loadKubeConfig({ mode: 'kubeconfig' }, { env: {}, home: dir }));
    expect(issue.path).toBe('connection.path');
    expect(issue.message).toContain(`no kubeconfig at ${join(dir, '.kube', 'config')} (unset, so ~/.kube/config)`);
  });

  it('a file that is no kubeconfig, and a context it lacks: named', () => {
    const junk = join(dir, 'junk');
    writeFileSync(junk, '{{{ not yaml');
    expect(issueOf(() => loadKubeConfig({ mode: 'kubeconfig', path: junk }))).toMatchObject({
      path: 'connection.path',
      message: expect.stringContaining('is not a readable kubeconfig'),
    });
    const file = kubeconfig('two-contexts');
    expect(issueOf(() => loadKubeConfig({ mode: 'kubeconfig', path: file, context: 'c' }))).toEqual({
      path: 'connection.context',
      value: 'c',
      message: 'not a context of the kubeconfig (its contexts: a, b)',
    });
  });

  it('a good kubeconfig: its current context, or the one named; $KUBECONFIG when no path is set', () => {
    const file = kubeconfig('good');
    expect(loadKubeConfig({ mode: 'kubeconfig', path: file }).getCurrentContext()).toBe('a');
    expect(loadKubeConfig({ mode: 'kubeconfig', path: file, context: 'b' }).getCurrentContext()).toBe('b');
    expect(loadKubeConfig({ mode: 'kubeconfig' }, { env: { KUBECONFIG: file } }).getCurrentCluster()?.server).toBe('https://10.1.2.3:6443');
  });
});
