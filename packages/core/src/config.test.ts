import { z } from 'zod';
import { ConfigError, parseConfig } from './config';

const schema = z.object({
  sloMs: z.number().positive(),
  variants: z.array(z.object({ name: z.string().min(1), cores: z.number().int().min(1).max(20) })).min(1),
  alpha: z.number().default(0.05),
});

describe('parseConfig', () => {
  it('returns the typed value with defaults', () => {
    expect(parseConfig(schema, { sloMs: 750, variants: [{ name: 'r18', cores: 2 }] }, 'cfg')).toEqual({
      sloMs: 750,
      variants: [{ name: 'r18', cores: 2 }],
      alpha: 0.05,
    });
  });

  it('names the field, the value and what is valid', () => {
    let caught: unknown;
    try {
      parseConfig(schema, { sloMs: -1, variants: [{ name: 'r18', cores: 40 }] }, 'infadapter.yaml');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const e = caught as ConfigError;
    expect(e.issues.map((i) => i.path)).toEqual(['sloMs', 'variants.0.cores']);
    expect(e.issues[1].value).toBe(40);
    expect(e.message).toMatch(/^infadapter\.yaml: sloMs: .*got -1.*variants\.0\.cores: .*20.*got 40/);
  });
});

describe('parseConfig on strict schemas and unions', () => {
  const strict = z
    .object({
      kubernetes: z
        .object({
          dryRun: z.boolean().default(false),
          leaderElection: z
            .object({ enabled: z.boolean().default(true) })
            .strict()
            .prefault({}),
        })
        .strict()
        .prefault({}),
      upscaleCheck: z.union([z.literal('off'), z.object({ every: z.number().optional(), tolerance: z.number().default(0.1) }).strict()]).optional(),
      variants: z.array(z.object({ name: z.string() }).strict()).default([]),
    })
    .strict();

  function issues(input: unknown) {
    try {
      parseConfig(strict, input, 'cfg.yaml');
    } catch (err) {
      return (err as ConfigError).issues;
    }
    throw new Error('expected a ConfigError');
  }

  it('names an unknown field with the known one it most likely meant', () => {
    expect(issues({ kubernetes: { dryrun: true } })).toEqual([{ path: 'kubernetes.dryrun', value: true, message: 'unknown field (did you mean dryRun?)' }]);
    expect(issues({ kubernetes: { leaderElection: { enable: false } } })[0]).toMatchObject({
      path: 'kubernetes.leaderElection.enable',
      message: 'unknown field (did you mean enabled?)',
    });
    expect(issues({ variants: [{ name: 'a', imgae: 'x' }] })[0]).toMatchObject({ path: 'variants.0.imgae', message: 'unknown field (known fields: name)' });
  });

  it('reports each unknown field of one object, at the root too', () => {
    expect(issues({ kubernetz: {}, extra: 1 }).map((i) => [i.path, i.message])).toEqual([
      ['kubernetz', 'unknown field (did you mean kubernetes?)'],
      ['extra', 'unknown field (known fields: kubernetes, upscaleCheck, variants)'],
    ]);
  });

  it('reports a union by the branch the value was meant for', () => {
    expect(issues({ upscaleCheck: { evry: '5s' } })).toEqual([{ path: 'upscaleCheck.evry', value: '5s', message: 'unknown field (did you mean every?)' }]);
    expect(issues({ upscaleCheck: { every: 'x' } })[0]).toMatchObject({ path: 'upscaleCheck.every', message: expect.stringMatching(/expected number/) });
    expect(issues({ upscaleCheck: 'of' })[0]).toMatchObject({ path: 'upscaleCheck', message: 'must be "off" or an object {every, tolerance}' });
  });
});

describe('parseConfig says what an object field holds', () => {
  const schema = z
    .object({
      targetRef: z.object({ kind: z.literal('Deployment').optional(), name: z.string() }).strict(),
      slo: z
        .object({ latencyMs: z.number().default(1000), quantile: z.number().default(0.99) })
        .strict()
        .prefault({}),
      stages: z.array(z.object({ name: z.string(), maxBatch: z.number().optional() })).default([]),
    })
    .strict();

  function issues(input: unknown) {
    try {
      parseConfig(schema, input, 'cfg.yaml');
    } catch (err) {
      return (err as ConfigError).issues.map(({ path, message }) => ({ path, message }));
    }
    throw new Error('expected a ConfigError');
  }

  it('a value that is not the object: its fields, the required ones marked, and what the value is', () => {
    expect(issues({ targetRef: { name: 'web' }, slo: 5 })).toEqual([{ path: 'slo', message: 'must be an object {latencyMs, quantile}, not a number' }]);
    expect(issues({ targetRef: 'web' })).toEqual([{ path: 'targetRef', message: 'must be an object {kind, name (required)}, not a string' }]);
    expect(issues({ targetRef: { name: 'web' }, stages: ['a'] })).toEqual([
      { path: 'stages.0', message: 'must be an object {name (required), maxBatch}, not a string' },
    ]);
  });

  it('a missing required object: its fields', () => {
    expect(issues({})).toEqual([{ path: 'targetRef', message: 'required: an object {kind, name (required)}' }]);
  });
});
