import type { z } from 'zod';
import { closestName } from './closest-name';

/** One thing wrong with a configuration: where, what was there, and what would be valid. */
export interface ConfigIssue {
  path: string;
  value: unknown;
  message: string;
}

type Key = PropertyKey;
type Def = Record<string, unknown> & { type?: string };
interface SchemaLike {
  _zod: { def: Def };
}

const defOf = (s: unknown): Def | undefined => (s as SchemaLike | undefined)?._zod?.def;

/** The schemas a value at this level may meet once wrappers (optional, default, pipe…) are looked through. */
function candidates(schema: unknown): unknown[] {
  const def = defOf(schema);
  if (!def) return [];
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return candidates(def.innerType);
    case 'pipe':
      return [...candidates(def.in), ...candidates(def.out)];
    case 'union':
      return (def.options as unknown[]).flatMap(candidates);
    case 'intersection':
      return [...candidates(def.left), ...candidates(def.right)];
    case 'lazy':
      return candidates((def.getter as () => unknown)());
    default:
      return [schema];
  }
}

/** The schemas the value at `path` may meet (wrappers looked through). */
function schemasAt(schema: unknown, path: readonly Key[]): unknown[] {
  let level = candidates(schema);
  for (const key of path) {
    level = level.flatMap((s) => {
      const def = defOf(s)!;
      if (def.type === 'object') {
        const shape = def.shape as Record<string, unknown>;
        return candidates(Object.hasOwn(shape, String(key)) ? shape[String(key)] : def.catchall);
      }
      if (def.type === 'array') return candidates(def.element);
      if (def.type === 'record') return candidates(def.valueType);
      if (def.type === 'tuple') return candidates((def.items as unknown[])[Number(key)]);
      return [];
    });
  }
  return level;
}

/** The object schemas' fields at `path`, each with whether it must be given (no default, not optional). */
function objectFieldsAt(schema: unknown, path: readonly Key[]): { name: string; required: boolean }[] {
  const fields = new Map<string, boolean>();
  for (const s of schemasAt(schema, path)) {
    const def = defOf(s);
    if (def?.type !== 'object') continue;
    for (const [name, field] of Object.entries(def.shape as Record<string, { _zod?: { optin?: string } }>)) {
      // Required only where every schema that has it requires it (a pipe's input may default what its output needs).
      fields.set(name, (fields.get(name) ?? true) && field._zod?.optin === undefined);
    }
  }
  return [...fields].map(([name, required]) => ({ name, required }));
}

/** The field names the schema knows for the object at `path`, or [] when it is not an object there. */
export function knownFieldsAt(schema: unknown, path: readonly Key[]): string[] {
  return objectFieldsAt(schema, path).map((f) => f.name);
}

/** "an object {latencyMs, quantile}" ("name (required)" for a field without default): what an object field takes. */
export function objectShapeText(schema: unknown, path: readonly Key[]): string | undefined {
  const fields = objectFieldsAt(schema, path);
  if (fields.length === 0) return undefined;
  return `an object {${fields.map((f) => (f.required ? `${f.name} (required)` : f.name)).join(', ')}}`;
}

/** The kind of a value that is not what a field takes, as zod says it ("number", "array"…). */
function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function valueAt(input: unknown, path: readonly Key[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<Key, unknown>)[key];
  }
  return cur;
}

/** "unknown field (did you mean dryRun?)", or the list of what is known when nothing is close. */
export function unknownFieldMessage(name: string, known: readonly string[]): string {
  const guess = closestName(name, known);
  if (guess) return `unknown field (did you mean ${guess}?)`;
  return known.length > 0 ? `unknown field (known fields: ${[...known].sort().join(', ')})` : 'unknown field';
}

/** A union's branch failed on the value's own type (it expected a string, the value is an object…). */
const failsAtRoot = (branch: readonly z.core.$ZodIssue[]) =>
  branch.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value'));

/** 'Invalid input: expected "off"' + 'Invalid input: expected object, received string' → 'must be "off" or an object {every, tolerance}'. */
function unionMessage(branches: readonly (readonly z.core.$ZodIssue[])[], shape: string | undefined): string {
  const expected = branches.flatMap((b) => b.filter((i) => i.path.length === 0).map((i) => /expected ([^,]+)/.exec(i.message)?.[1] ?? i.message));
  return `must be ${[...new Set(expected)].map((e) => (e === 'object' && shape ? shape : e)).join(' or ')}`;
}

/**
 * zod issues → ConfigIssues a person can act on: an unrecognized key becomes one issue per field
 * ("kubernetes.dryrun: unknown field (did you mean dryRun?)"); a union that failed is reported by
 * the branch the value was meant for (the object branch when the value is an object), not as
 * "Invalid input"; a value that should be an object, or a missing one, is told the object's fields.
 */
export function configIssues(schema: z.ZodType, input: unknown, issues: readonly z.core.$ZodIssue[], prefix: readonly Key[] = []): ConfigIssue[] {
  return issues.flatMap((issue): ConfigIssue[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const known = knownFieldsAt(schema, path);
      return issue.keys.map((key) => ({
        path: [...path, key].map(String).join('.'),
        value: valueAt(input, [...path, key]),
        message: unknownFieldMessage(key, known),
      }));
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const meant = issue.errors.filter((b) => !failsAtRoot(b)).sort((a, b) => a.length - b.length)[0];
      if (meant) return configIssues(schema, input, meant, path);
      const message = issue.message === 'Invalid input' ? unionMessage(issue.errors, objectShapeText(schema, path)) : issue.message;
      return [{ path: path.map(String).join('.'), value: valueAt(input, path), message }];
    }
    const value = valueAt(input, path);
    // "expected object, received number" says nothing of what the object holds: name its fields.
    const shape = issue.code === 'invalid_type' && issue.expected === 'object' ? objectShapeText(schema, path) : undefined;
    if (shape)
      return [{ path: path.map(String).join('.'), value, message: value === undefined ? `required: ${shape}` : `must be ${shape}, not ${kindOf(value)}` }];
    return [{ path: path.map(String).join('.'), value, message: issue.message }];
  });
}
