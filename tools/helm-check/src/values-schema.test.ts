import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Value } from './merge-values';
import { CHART_DIR, chartDefaults, valueCases, valueProblems } from './test-support/charts';

// values.schema.json as helm itself applies it before rendering (helm v4's JSON Schema validator,
// Go's regexp: a pattern Go cannot compile fails every install, as the look-ahead `(?=` once did).
describe('values.schema.json, checked by helm', () => {
  it.each(valueCases())('accepts $name', ({ files, values }) => {
    expect(valueProblems(values, files)).toEqual([]);
  });

  it.each<[string, Value, RegExp]>([
    ['a negative budget', { infadapter: { budget: { cores: -4 } } }, /^infadapter\.budget\.cores: exclusiveMinimum: got -4, want 0$/],
    ['an unknown scaler', { scaler: 'keda' }, /^scaler: value must be one of 'infadapter', 'ipa', 'sponge'$/],
    ['a misspelt key', { infadapter: { budgett: { cores: 4 } } }, /^infadapter: additional properties 'budgett' not allowed$/],
    ['an unknown top-level key', { replicas: 2 }, /^\(root\): additional properties 'replicas' not allowed$/],
    ['root as the pod user', { podSecurityContext: { runAsUser: 0 } }, /^podSecurityContext\.runAsUser: minimum: got 0, want 1$/],
    ['a headroom above 1', { sponge: { headroom: 1.5 } }, /^sponge\.headroom: maximum: got 1\.5, want 1$/],
    // Sponge plans for each request's own deadline: the app refuses a quantile, and so does the chart.
    ['a quantile for Sponge', { sponge: { slo: { quantile: 0.99 } } }, /^sponge\.slo: additional properties 'quantile' not allowed$/],
    ['a Prometheus address without scheme', { prometheus: { serverAddress: 'prometheus:9090' } }, /^prometheus\.serverAddress: '.*' does not match pattern/],
    // helm names only the branch point of a oneOf/allOf, not the missing key inside it (Ajv, which the
    // old offline check used, said more than a user of helm ever sees).
    ['auth without a Secret', { prometheus: { auth: { type: 'bearer' } } }, /^prometheus\.auth: 'oneOf' failed, none matched$/],
    ['a bad duration (a number of ms or Go duration text; helm names only the anyOf)', { ipa: { interval: '10 seconds' } }, /^ipa\.interval: 'anyOf' failed$/],
    ['no variants', { infadapter: { variants: [] } }, /^infadapter\.variants: minItems: got 0, want 1$/],
    ['a stage without a target', { ipa: { stages: [{ name: 'a', maxBatch: 1, variants: ['x'] }] } }, /^ipa\.stages\.0: missing property 'targetRef'$/],
    ['a target of another kind', { sponge: { targetRef: { kind: 'StatefulSet', name: 'x' } } }, /^sponge\.targetRef\.kind: value must be 'Deployment'$/],
    ['missing resource limits', { resources: { limits: null } }, /^resources: missing property 'limits'$/],
    ["the chosen scaler's section removed", { scaler: 'ipa', ipa: null }, /^\(root\): 'allOf' failed$/],
    ['a named target port without a letter', { services: { targetPort: '8080-1' } }, /^services\.targetPort: /],
  ])('rejects %s, naming the field', (_, values, message) => {
    expect(valueProblems(values)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it('accepts a named target port (letters, digits, inner dashes) and a numbered one', () => {
    expect(valueProblems({ services: { targetPort: 'model-http' } })).toEqual([]);
    expect(valueProblems({ services: { targetPort: 8501 } })).toEqual([]);
  });
});

describe('values.yaml documentation', () => {
  type Schema = { description?: string; properties?: Record<string, Schema> };

  /** Keys of values.yaml whose schema property is missing or has no description. */
  function undocumented(schema: Schema, value: Value, path: string): string[] {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !schema.properties) return [];
    return Object.entries(value).flatMap(([key, v]) => {
      const prop = schema.properties?.[key];
      const here = path ? `${path}.${key}` : key;
      if (!prop?.description) return [here];
      return undocumented(prop, v as Value, here);
    });
  }

  it('describes every default key in values.schema.json', () => {
    const schema = JSON.parse(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8')) as Schema;
    expect(undocumented(schema, chartDefaults(), '')).toEqual([]);
  });
});
