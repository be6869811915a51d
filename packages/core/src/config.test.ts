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
    expect(issues({ upscaleCheck: 'of' })[0]).toMatchObject({ path: 'upscaleCheck', message: 'must be "off" or object' });
  });
});
