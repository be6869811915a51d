import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeValues } from './merge-values';
import { chart, valueCases } from './test-support/charts';
import type { Value } from './template/values';
import { validateValues } from './values-schema';

/** Problems of user values merged over the chart defaults, as `helm install -f` sees them. */
function problems(values: Value): string[] {
  const c = chart();
  return validateValues(c.dir, mergeValues(c.defaults, values)).map((p) => `${p.field}: ${p.message}`);
}

describe('values.schema.json', () => {
  it.each(valueCases())('accepts $name', ({ values }) => {
    expect(problems(values)).toEqual([]);
  });

  it.each<[string, Value, RegExp]>([
    ['a negative budget', { infadapter: { budget: { cores: -4 } } }, /^infadapter\.budget\.cores: must be > 0$/],
    ['an unknown scaler', { scaler: 'keda' }, /^scaler: must be equal to one of the allowed values: "infadapter", "ipa", "sponge"$/],
    ['a misspelt key', { infadapter: { budgett: { cores: 4 } } }, /^infadapter\.budgett: must NOT have additional properties$/],
    ['an unknown top-level key', { replicas: 2 }, /^replicas: must NOT have additional properties$/],
    ['root as the pod user', { podSecurityContext: { runAsUser: 0 } }, /^podSecurityContext\.runAsUser: must be >= 1$/],
    ['a headroom above 1', { sponge: { headroom: 1.5 } }, /^sponge\.headroom: must be <= 1$/],
    // Sponge plans for each request's own deadline: the app refuses a quantile, and so does the chart.
    ['a quantile for Sponge', { sponge: { slo: { quantile: 0.99 } } }, /^sponge\.slo\.quantile: must NOT have additional properties$/],
    ['a Prometheus address without scheme', { prometheus: { serverAddress: 'prometheus:9090' } }, /^prometheus\.serverAddress: must match pattern/],
    ['auth without a Secret', { prometheus: { auth: { type: 'bearer' } } }, /^prometheus\.auth\.secretName: must have required property 'secretName'$/],
    ['a bad duration', { ipa: { interval: '10 seconds' } }, /^ipa\.interval: must match pattern/],
    ['no variants', { infadapter: { variants: [] } }, /^infadapter\.variants: must NOT have fewer than 1 items$/],
    ['a stage without a target', { ipa: { stages: [{ name: 'a', maxBatch: 1, variants: ['x'] }] } }, /^ipa\.stages\.0\.targetRef: must have required property/],
    ['a target of another kind', { sponge: { targetRef: { kind: 'StatefulSet', name: 'x' } } }, /^sponge\.targetRef\.kind: must be equal to constant$/],
    ['missing resource limits', { resources: { limits: null } }, /^resources\.limits: must have required property 'limits'$/],
    ['the chosen scaler\'s section removed', { scaler: 'ipa', ipa: null }, /^ipa: must have required property 'ipa'$/],
  ])('rejects %s, naming the field', (_, values, message) => {
    expect(problems(values)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
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
    const c = chart();
    const schema = JSON.parse(readFileSync(join(c.dir, 'values.schema.json'), 'utf8')) as Schema;
    expect(undocumented(schema, c.defaults, '')).toEqual([]);
  });
});
