import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@infscale/core';
import { parseConfigText } from './config-file';
import { loadProcessConfig, parseProcessConfig, scalerSectionError } from './process-config';

const template = { spec: { containers: [{ name: 'server', image: 'emulator:1' }] } };
const minimal = () => ({
  scaler: { metric: 'rps', target: 10 },
  prometheus: { serverAddress: 'http://prometheus.monitoring:9090', namespace: 'serving' },
  kubernetes: { template },
});

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'infscale-runtime-config-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function thrown(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseProcessConfig', () => {
  it('defaults every section and derives the scaler label and namespace', () => {
    const c = parseProcessConfig(minimal(), 'c.yaml', { name: 'hpa' });
    expect(c.scaler).toEqual({ metric: 'rps', target: 10 });
    expect(c.server).toEqual({ port: 9464, host: '0.0.0.0' });
    expect(c.loop).toEqual({ dryRun: false, shutdownGraceMs: 20_000, errorBackoffMs: 1_000 });
    expect(c.kubernetes).toMatchObject({ scaler: 'hpa', namespace: 'serving', dryRun: false, connection: { mode: 'in-cluster' } });
    expect(c.prometheus).toMatchObject({ timeoutMs: 5_000, preset: 'infscale' });
  });

  it('names the file and the field that is wrong', () => {
    const doc = minimal();
    (doc.prometheus as Record<string, unknown>).serverAddress = 'not a url';
    (doc as Record<string, unknown>).server = { port: 70_000 };
    const err = thrown(() => parseProcessConfig(doc, '/etc/infscale/config.yaml', { name: 'hpa' }));
    expect(err.message).toMatch(/^\/etc\/infscale\/config\.yaml: /);
    expect(err.issues.map((i) => i.path).sort()).toEqual(['prometheus.serverAddress', 'server.port']);
  });

  it('rejects unknown sections and fields, so a typo is not silently ignored', () => {
    const err = thrown(() => parseProcessConfig({ ...minimal(), lop: { dryRun: true } }, 'c.yaml', { name: 'hpa' }));
    expect(err.message).toMatch(/lop/);
    const err2 = thrown(() => parseProcessConfig({ ...minimal(), loop: { dryrun: true } }, 'c.yaml', { name: 'hpa' }));
    expect(err2.message).toMatch(/dryrun/);
  });

  it('refuses to read one namespace and act on another', () => {
    const doc = { ...minimal(), kubernetes: { template, namespace: 'other' } };
    const err = thrown(() => parseProcessConfig(doc, 'c.yaml', { name: 'hpa' }));
    expect(err.issues).toEqual([expect.objectContaining({ path: 'kubernetes.namespace', message: expect.stringContaining('serving') })]);
  });

  it('dry run from the file or the flag turns the actuator dry too', () => {
    expect(parseProcessConfig({ ...minimal(), loop: { dryRun: true } }, 'c', { name: 'hpa' }).kubernetes.dryRun).toBe(true);
    const flagged = parseProcessConfig(minimal(), 'c', { name: 'hpa', dryRun: true });
    expect(flagged.loop.dryRun).toBe(true);
    expect(flagged.kubernetes.dryRun).toBe(true);
  });

  it('takes secrets and identity from the environment and says so in errors', () => {
    const env = { INFSCALE_PROMETHEUS_BEARER_TOKEN: 's3cret', POD_NAME: 'hpa-7d9f-abcde', INFSCALE_DRY_RUN: 'true' };
    const c = parseProcessConfig(minimal(), 'c.yaml', { name: 'hpa', env });
    expect(c.prometheus.auth).toEqual({ type: 'bearer', token: 's3cret' });
    expect(c.kubernetes.leaderElection.identity).toBe('hpa-7d9f-abcde');
    expect(c.loop.dryRun).toBe(true);
    const err = thrown(() => parseProcessConfig(minimal(), 'c.yaml', { name: 'hpa', env: { INFSCALE_DRY_RUN: 'yes' } }));
    expect(err.message).toMatch(/^c\.yaml \(with INFSCALE_DRY_RUN from the environment\): loop\.dryRun/);
  });

  it('basic auth and TLS from the environment; namespace from POD_NAMESPACE', () => {
    const doc = { prometheus: { serverAddress: 'https://p:9090' }, kubernetes: { template } };
    const env = { INFSCALE_PROMETHEUS_USERNAME: 'u', INFSCALE_PROMETHEUS_PASSWORD: 'p', INFSCALE_PROMETHEUS_TLS_CA: 'PEM', POD_NAMESPACE: 'video' };
    const c = parseProcessConfig(doc, 'c', { name: 'ipa', env });
    expect(c.prometheus.auth).toEqual({ type: 'basic', username: 'u', password: 'p' });
    expect(c.prometheus.tls).toMatchObject({ ca: 'PEM', insecureSkipVerify: false });
    expect(c.prometheus.namespace).toBe('video');
    expect(c.kubernetes.namespace).toBe('video');
  });

  it('never prints a secret in an error', () => {
    const err = thrown(() => parseProcessConfig(minimal(), 'c', { name: 'hpa', env: { INFSCALE_PROMETHEUS_USERNAME: 'admin', INFSCALE_PROMETHEUS_PASSWORD: '' } }));
    expect(err.message).toMatch(/prometheus\.auth/);
    expect(err.message).not.toMatch(/admin/);
  });

  it('re-roots an app scaler error at scaler.', () => {
    const inner = new ConfigError('hpa scaler config', [{ path: 'target', value: -1, message: 'Too small' }]);
    expect(scalerSectionError(inner, 'c.yaml').message).toBe('c.yaml: scaler.target: Too small (got -1)');
  });
});

describe('config files', () => {
  it('reads YAML and JSON alike', () => {
    const yamlFile = join(dir, 'c.yaml');
    writeFileSync(yamlFile, 'scaler: {target: 10}\nprometheus:\n  serverAddress: http://p:9090\n  namespace: serving\nkubernetes:\n  template: {spec: {containers: [{name: s, image: i}]}}\nserver: {port: 0}\n');
    const jsonFile = join(dir, 'c.json');
    writeFileSync(jsonFile, JSON.stringify({ ...minimal(), server: { port: 0 } }));
    expect(loadProcessConfig(yamlFile, { name: 'hpa' }).server.port).toBe(0);
    expect(loadProcessConfig(jsonFile, { name: 'hpa' }).prometheus.serverAddress).toBe('http://prometheus.monitoring:9090');
  });

  it('a missing file, a syntax error, several documents and a non-mapping are ConfigErrors naming the file', () => {
    expect(thrown(() => loadProcessConfig(join(dir, 'nope.yaml'), { name: 'hpa' })).message).toMatch(/nope\.yaml: \(root\): no such file/);
    expect(thrown(() => parseConfigText('a: [1,\n b: 2', 'bad.yaml')).message).toMatch(/^bad\.yaml: .*not valid YAML or JSON.*line 2/);
    expect(thrown(() => parseConfigText('a: 1\n---\nb: 2\n', 'two.yaml')).message).toMatch(/one document, found 2/);
    expect(thrown(() => parseConfigText('- a\n- b\n', 'list.yaml')).message).toMatch(/must be a mapping/);
    expect(parseConfigText('', 'empty.yaml')).toEqual({});
  });
});
