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
      sloMs: 750, variants: [{ name: 'r18', cores: 2 }], alpha: 0.05,
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
