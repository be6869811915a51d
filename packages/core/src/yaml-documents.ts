import { parseAllDocuments } from 'yaml';
import { ConfigError } from './config';

const fileError = (source: string, message: string) => new ConfigError(source, [{ path: '', value: undefined, message }]);

/**
 * Every document of a YAML stream (JSON is YAML 1.2) as plain values, empty ones skipped. A syntax
 * error, or an alias bomb (aliases expanding to more nodes than the document has, the "billion
 * laughs"), is a ConfigError naming the source: refused before it is expanded, never a crash or an
 * exhausted heap. Config files (packages/runtime) and profile files (packages/profiles) read through it.
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
