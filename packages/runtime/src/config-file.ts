import { readFileSync } from 'node:fs';
import { ConfigError, yamlDocuments } from '@infscale/core';

/** The one YAML reader (alias bombs refused), in packages/core. */
export { yamlDocuments } from '@infscale/core';

const fileError = (file: string, message: string) => new ConfigError(file, [{ path: '', value: undefined, message }]);

/** `--config -` reads the document from standard input (e.g. `helm template … | infadapter --validate -c -`). */
export const STDIN = '-';

/** How errors name where the text came from. */
export function sourceName(file: string): string {
  return file === STDIN ? 'stdin' : file;
}

/** The text of a config file, or of standard input for "-"; a ConfigError naming the file when it cannot be read. */
export function readConfigText(file: string): string {
  try {
    return readFileSync(file === STDIN ? 0 : file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw fileError(sourceName(file), code === 'ENOENT' ? 'no such file' : `cannot read: ${(err as Error).message}`);
  }
}

/**
 * Reads a config file: YAML, or JSON (JSON is YAML 1.2). Exactly one document whose root is a
 * mapping. Anything else is a ConfigError naming the file (and the line of a syntax error).
 */
export function readConfigFile(file: string): Record<string, unknown> {
  return parseConfigText(readConfigText(file), sourceName(file));
}

export function parseConfigText(text: string, source: string): Record<string, unknown> {
  const docs = yamlDocuments(text, source);
  if (docs.length > 1) throw fileError(source, `expected one document, found ${docs.length}`);
  const value = docs[0];
  if (value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw fileError(source, 'the document must be a mapping of sections (scaler, prometheus, kubernetes, server, loop)');
  return value as Record<string, unknown>;
}
