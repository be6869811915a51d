import { readFileSync } from 'node:fs';
import { ConfigError } from '@infscale/core';
import { parseAllDocuments } from 'yaml';

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

/**
 * Every document of a YAML stream as plain values (empty ones skipped). A syntax error, or an alias
 * bomb (aliases expanding to more nodes than the document has, the "billion laughs"), is a
 * ConfigError naming the source: refused before it is expanded, never a crash or an exhausted heap.
 */
export function yamlDocuments(text: string, source: string): unknown[] {
  const docs = parseAllDocuments(text, { prettyErrors: true });
  if (!Array.isArray(docs)) return []; // an empty file: an empty stream
  return docs.flatMap((doc, i) => {
    const problem = doc.errors[0];
    const where = docs.length > 1 ? ` (document ${i + 1})` : '';
    // yaml's message starts with what is wrong and where ("… at line 2, column 6:").
    if (problem) throw fileError(source, `not valid YAML or JSON${where}: ${problem.message.split('\n')[0]!.replace(/:$/, '')}`);
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (err) {
      if (err instanceof ReferenceError) throw fileError(source, `refused${where}: its aliases expand too much (${err.message}); write the values out`);
      throw err;
    }
    return value === null || value === undefined ? [] : [value];
  });
}

export function parseConfigText(text: string, source: string): Record<string, unknown> {
  const docs = yamlDocuments(text, source);
  if (docs.length > 1) throw fileError(source, `expected one document, found ${docs.length}`);
  const value = docs[0];
  if (value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw fileError(source, 'the document must be a mapping of sections (scaler, prometheus, kubernetes, server, loop)');
  return value as Record<string, unknown>;
}
