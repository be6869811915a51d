import { ConfigError } from '@infscale/core';
import { parseProcessConfig, scalerSectionError } from './process-config';

const canonical = () => ({
  scaler: { metric: 'rps', target: 10 },
  prometheus: { serverAddress: 'http://prometheus.monitoring:9090', namespace: 'serving' },
  kubernetes: { template: { spec: { containers: [{ name: 'server', image: 'emulator:1' }] } } },
});
const wrapped = (spec: unknown, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'infscale.io/v1alpha1',
  kind: 'ScalerConfig',
  metadata: { name: 'demo', namespace: 'serving' },
  spec,
  ...extra,
});

function issues(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('the ScalerConfig envelope', () => {
  it('parses a wrapped document exactly as its spec', () => {
    expect(parseProcessConfig(wrapped(canonical()), 'c.yaml', { name: 'hpa' })).toEqual(parseProcessConfig(canonical(), 'c.yaml', { name: 'hpa' }));
  });

  it('applies environment overrides inside the spec', () => {
    const c = parseProcessConfig(wrapped(canonical()), 'c.yaml', { name: 'hpa', env: { POD_NAME: 'scaler-0', INFSCALE_PROMETHEUS_BEARER_TOKEN: 't' } });
    expect(c.kubernetes.leaderElection.identity).toBe('scaler-0');
    expect(c.prometheus.auth).toEqual({ type: 'bearer', token: 't' });
  });

  it('rejects a wrong apiVersion or kind, a missing spec, and sections beside the spec', () => {
    expect(issues(() => parseProcessConfig(wrapped(canonical(), { apiVersion: 'v1', kind: 'ConfigMap' }), 'c.yaml', { name: 'hpa' }))).toEqual([
      'apiVersion: must be infscale.io/v1alpha1',
      'kind: must be ScalerConfig',
    ]);
    expect(issues(() => parseProcessConfig(wrapped(undefined), 'c.yaml', { name: 'hpa' }))).toEqual([
      expect.stringMatching(/^spec: must be the config document/),
    ]);
    expect(issues(() => parseProcessConfig(wrapped(canonical(), { actuator: {} }), 'c.yaml', { name: 'hpa' }))).toEqual([
      expect.stringMatching(/^actuator: unknown field next to spec/),
    ]);
  });

  it('names fields inside a wrapped document from its root (spec.…)', () => {
    const spec = canonical();
    spec.prometheus.serverAddress = 'not a url';
    expect(issues(() => parseProcessConfig(wrapped(spec), 'c.yaml', { name: 'hpa' }))).toEqual([expect.stringMatching(/^spec\.prometheus\.serverAddress: /)]);
  });

  it("re-roots the app's scaler errors at spec.scaler. in a wrapped document and scaler. otherwise", () => {
    const err = new ConfigError('hpa config', [{ path: 'target', value: -1, message: 'Too small' }]);
    expect(scalerSectionError(err, 'c.yaml', wrapped(canonical())).message).toBe('c.yaml: spec.scaler.target: Too small (got -1)');
    expect(scalerSectionError(err, 'c.yaml', canonical()).message).toBe('c.yaml: scaler.target: Too small (got -1)');
  });
});
