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
    expect(c.kubernetes).toMatchObject({
      requestTimeout: 5_000,
      retry: { maxDelayMs: 5_000 },
      leaderElection: { leaseDurationSeconds: 15, renewDeadline: 10_000, retryPeriod: 2_000 },
    });
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

  // Issue 14, finding 6: these were accepted and ignored (dryrun → the scaler wrote; enable: false → election on).
  it.each([
    [{ dryrun: true }, 'kubernetes.dryrun: unknown field (did you mean dryRun?) (got true)'],
    [{ leaderElection: { enable: false } }, 'kubernetes.leaderElection.enable: unknown field (did you mean enabled?) (got false)'],
    [{ retry: { maxAttempt: 3 } }, 'kubernetes.retry.maxAttempt: unknown field (did you mean maxAttempts?)'],
    [{ awaitReady: { timeout: '5m' } }, 'kubernetes.awaitReady.timeout: unknown field (did you mean timeoutMs?)'],
    [{ connection: { mode: 'kubeconfig', file: '/k' } }, 'kubernetes.connection.file: unknown field (known fields: context, mode, path)'],
    [{ template: { ...template, sepc: {} } }, 'kubernetes.template.sepc: unknown field (did you mean spec?)'],
  ])('names an unknown kubernetes field with the closest known one: %j', (kubernetes, message) => {
    expect(thrown(() => parseProcessConfig({ ...minimal(), kubernetes: { template, ...kubernetes } }, 'c.yaml', { name: 'hpa' })).message).toContain(
      `c.yaml: ${message}`,
    );
  });

  it('takes durations in Go syntax or ms, > 0 and at most 24 h', () => {
    const c = parseProcessConfig(
      { ...minimal(), kubernetes: { template, requestTimeout: '2s', awaitReady: { timeoutMs: '10m' } }, loop: { errorBackoffMs: 500, stallTimeout: '1m30s' } },
      'c.yaml',
      { name: 'hpa' },
    );
    expect([c.kubernetes.requestTimeout, c.kubernetes.awaitReady.timeoutMs, c.loop.errorBackoffMs, c.loop.stallTimeout]).toEqual([2_000, 600_000, 500, 90_000]);
    expect(
      thrown(() => parseProcessConfig({ ...minimal(), kubernetes: { template, awaitReady: { pollMs: '0s' } } }, 'c.yaml', { name: 'hpa' })).message,
    ).toMatch(/kubernetes\.awaitReady\.pollMs: must be > 0/);
    expect(
      thrown(() => parseProcessConfig({ ...minimal(), kubernetes: { template, resize: { timeoutMs: '1200h' } } }, 'c.yaml', { name: 'hpa' })).message,
    ).toMatch(/kubernetes\.resize\.timeoutMs: must be at most 24h/);
  });

  it('keeps the leader-election timings consistent: a leader stops before anyone may take over', () => {
    const with_ = (kubernetes: Record<string, unknown>) =>
      thrown(() => parseProcessConfig({ ...minimal(), kubernetes: { template, ...kubernetes } }, 'c.yaml', { name: 'hpa' })).issues.map(
        (i) => `${i.path}: ${i.message}`,
      );
    expect(with_({ leaderElection: { leaseDurationSeconds: 10 } })).toEqual([
      'kubernetes.leaderElection.renewDeadline: must be shorter than leaseDurationSeconds (10 s): the leader must stop before the others may take over',
      'kubernetes.requestTimeout: must be at most leaseDurationSeconds − renewDeadline (0s), so a write started by the leader ends before another replica may take over',
    ]);
    expect(with_({ leaderElection: { retryPeriod: '10s' } })).toEqual([
      'kubernetes.leaderElection.retryPeriod: must be shorter than renewDeadline (10s), or a single late renewal costs the lease',
    ]);
    expect(with_({ retry: { maxDelayMs: '6s' } })).toEqual([
      'kubernetes.retry.maxDelayMs: must be at most half of leaderElection.renewDeadline (5s), so a back-off never outlasts the leadership it started under',
    ]);
    // Without leader election, the timings do not constrain each other.
    expect(
      parseProcessConfig({ ...minimal(), kubernetes: { template, leaderElection: { enabled: false }, retry: { maxDelayMs: '30s' } } }, 'c.yaml', {
        name: 'hpa',
      }).kubernetes.retry.maxDelayMs,
    ).toBe(30_000);
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
    const err = thrown(() =>
      parseProcessConfig(minimal(), 'c', { name: 'hpa', env: { INFSCALE_PROMETHEUS_USERNAME: 'admin', INFSCALE_PROMETHEUS_PASSWORD: '' } }),
    );
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
    writeFileSync(
      yamlFile,
      'scaler: {target: 10}\nprometheus:\n  serverAddress: http://p:9090\n  namespace: serving\nkubernetes:\n  template: {spec: {containers: [{name: s, image: i}]}}\nserver: {port: 0}\n',
    );
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

  it('refuses a YAML alias bomb, naming the file', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g'].entries())
      levels.push(
        `${name}: &${name} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(', ')}]`,
      );
    const err = thrown(() => parseConfigText(levels.join('\n'), 'bomb.yaml'));
    expect(err.message).toMatch(/^bomb\.yaml: \(root\): refused: its aliases expand too much/);
  });
});
