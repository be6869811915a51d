import { z } from 'zod';

/** One thing wrong with a configuration: where, what was there, and what would be valid. */
export interface ConfigIssue {
  path: string;
  value: unknown;
  message: string;
}

/** Thrown when a configuration, a CLI flag set or a data file does not validate. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: ConfigIssue[],
  ) {
    super(`${source}: ` + issues.map((i) => `${i.path || '(root)'}: ${i.message} (got ${show(i.value)})`).join('; '));
    this.name = 'ConfigError';
  }
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? text.slice(0, 77) + '...' : text;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** Validates `input` against a zod schema and returns the typed, defaulted value, or throws ConfigError. */
export function parseConfig<S extends z.ZodType>(schema: S, input: unknown, source: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    source,
    result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      value: valueAt(input, issue.path),
      message: issue.message,
    })),
  );
}
