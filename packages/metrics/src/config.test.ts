import { ConfigError } from '@infscale/core';
import { DEFAULT_QUERIES, QUERY_PRESETS } from './catalogue';
import { effectiveQueries, parsePrometheusSourceConfig } from './config';

const base = { serverAddress: 'http://prometheus.monitoring:9090', namespace: 'infer' };

function issuesOf(input: unknown): string {
  try {
    parsePrometheusSourceConfig(input);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => `${i.path}: ${i.message}`).join('\n');
    throw err;
  }
  return 'no error';
}

describe('prometheus source config', () => {
  it('fills defaults', () => {
    const config = parsePrometheusSourceConfig(base);
    expect(config).toMatchObject({
      timeoutMs: 5000,
      preset: 'infscale',
      windows: { arrival: '5s', latency: '30s' },
      staleAfterSeconds: 10,
      budgetBucketsUnit: 's',
    });
    expect(effectiveQueries(config)).toEqual(DEFAULT_QUERIES);
  });

  it('a preset replaces the load and latency queries, a user template wins over both', () => {
    const config = parsePrometheusSourceConfig({ ...base, preset: 'triton', queries: { readyReplicas: 'sum(my_ready{d="{{deployment}}"})' } });
    const queries = effectiveQueries(config);
    expect(queries.arrivalRate).toBe(QUERY_PRESETS.triton.arrivalRate);
    expect(queries.readyReplicas).toBe('sum(my_ready{d="{{deployment}}"})');
    expect(queries.cpuPerPod).toBe(DEFAULT_QUERIES.cpuPerPod);
  });

  it('accepts bearer, basic and TLS options', () => {
    expect(() => parsePrometheusSourceConfig({ ...base, auth: { type: 'bearer', token: 't' }, tls: { ca: 'PEM', insecureSkipVerify: true } })).not.toThrow();
    expect(() => parsePrometheusSourceConfig({ ...base, auth: { type: 'basic', username: 'u', password: 'p' }, tls: { cert: 'C', key: 'K' } })).not.toThrow();
  });

  it.each([
    ['a bad address', { ...base, serverAddress: 'prometheus:9090' }, /^serverAddress: /],
    ['an ftp address', { ...base, serverAddress: 'ftp://p:21' }, /^serverAddress: /],
    [
      'a bad namespace',
      { ...base, namespace: 'My_NS' },
      /^namespace: must be a Kubernetes DNS-1123 label \(lower-case letters, .*e\.g\. resnet-50\): it is the namespace the scaler owns/,
    ],
    ['basic auth without password', { ...base, auth: { type: 'basic', username: 'u' } }, /^auth.password: /],
    ['a cert without key', { ...base, tls: { cert: 'C' } }, /^tls.key: cert and key go together/],
    [
      'a template with an unquoted name',
      { ...base, queries: { queueLength: 'sum(q{ns={{namespace}}})' } },
      /^queries.queueLength: \{\{namespace\}\} must be inside/,
    ],
    ['an unknown query', { ...base, queries: { arrivals: 'x' } }, /^queries\.arrivals: unknown field \(known fields: arrivalRate, /],
    ['a bad window', { ...base, windows: { arrival: '5 seconds' } }, /^windows.arrival: a Prometheus duration/],
    ['a tiny timeout', { ...base, timeoutMs: 1 }, /^timeoutMs: /],
    ['an unknown field', { ...base, query: 'up' }, /^query: unknown field \(known fields: .*queries/],
  ])('names the field of %s', (_what, input, message) => {
    expect(issuesOf(input)).toMatch(message);
  });
});
