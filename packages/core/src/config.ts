import type { z } from 'zod';
import { configIssues, type ConfigIssue } from './config-issues';

export type { ConfigIssue } from './config-issues';

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

/**
 * Validates `input` against a zod schema and returns the typed, defaulted value, or throws
 * ConfigError naming each wrong field (an unknown one with the closest known name).
 */
export function parseConfig<S extends z.ZodType>(schema: S, input: unknown, source: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(source, configIssues(schema, input, result.error.issues));
}
