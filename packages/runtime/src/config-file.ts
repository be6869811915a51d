import { readFileSync } from 'node:fs';
import { ConfigError } from '@infscale/core';
import { parseAllDocuments } from 'yaml';

const fileError = (file: string, message: string) => new ConfigError(file, [{ path: '', value: undefined, message }]);

/**
 * Reads a config file: YAML, or JSON (JSON is YAML 1.2). Exactly one document whose root is a
 * mapping. Anything else is a ConfigError naming the file (and the line of a syntax error).
 */
export function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw fileError(file, code === 'ENOENT' ? 'no such file' : `cannot read: ${(err as Error).message}`);
  }
  return parseConfigText(text, file);
}

export function parseConfigText(text: string, source: string): Record<string, unknown> {
  const docs = parseAllDocuments(text, { prettyErrors: true });
  if (!Array.isArray(docs)) return {}; // an empty file: an empty stream
  if (docs.length > 1) throw fileError(source, `expected one document, found ${docs.length}`);
  const doc = docs[0];
  if (!doc) return {};
  const problem = doc.errors[0];
  if (problem) {
    // yaml's message starts with what is wrong and where ("… at line 2, column 6:").
    throw fileError(source, `not valid YAML or JSON: ${problem.message.split('\n')[0].replace(/:$/, '')}`);
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw fileError(source, 'the document must be a mapping of sections (scaler, prometheus, kubernetes, server, loop)');
  return value as Record<string, unknown>;
}
