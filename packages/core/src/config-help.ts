import type { z } from 'zod';
import { configJsonSchema, isDurationJsonSchema, type JsonSchema } from './config-schema';

const WIDTH = 110;

const branchesOf = (s: JsonSchema): JsonSchema[] => (s.anyOf ?? s.oneOf ?? []) as JsonSchema[];

/** The objects a field holds, looked for through list items, map values and union branches (for its children). */
function objectsWithin(s: JsonSchema): JsonSchema[] {
  if (s.properties) return [s];
  if (s.type === 'array' && s.items) return objectsWithin(s.items as JsonSchema);
  if (typeof s.additionalProperties === 'object') return objectsWithin(s.additionalProperties as JsonSchema);
  return branchesOf(s).flatMap(objectsWithin);
}

function bounds(s: JsonSchema): string {
  const parts: string[] = [];
  if (s.exclusiveMinimum !== undefined) parts.push(`> ${String(s.exclusiveMinimum)}`);
  else if (s.minimum !== undefined) parts.push(`≥ ${String(s.minimum)}`);
  if (s.exclusiveMaximum !== undefined) parts.push(`< ${String(s.exclusiveMaximum)}`);
  else if (s.maximum !== undefined) parts.push(`≤ ${String(s.maximum)}`);
  return parts.length > 0 ? ` ${parts.join(', ')}` : '';
}

/** What a value looks like, in words: "duration", "whole number ≥ 1", "lstm | ewma", "list of objects"… */
export function typeText(s: JsonSchema): string {
  if (isDurationJsonSchema(s)) return (branchesOf(s)[0] as JsonSchema).minimum === 0 ? 'duration (0 allowed)' : 'duration';
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map(String).join(' | ');
  const branches = branchesOf(s);
  if (branches.length > 0) return [...new Set(branches.map(typeText))].join(' or ');
  if (Array.isArray(s.type)) return s.type.join(' or ');
  switch (s.type) {
    case 'integer':
      return `whole number${bounds(s)}`;
    case 'number':
      return `number${bounds(s)}`;
    case 'string':
      return s.format === 'uri' ? 'URL' : 'text';
    case 'boolean':
      return 'true | false';
    case 'null':
      return 'null';
    case 'array': {
      const item = typeText((s.items ?? {}) as JsonSchema);
      const min = typeof s.minItems === 'number' && s.minItems > 0 ? `, at least ${s.minItems}` : '';
      return `list of ${item === 'object' ? 'objects' : item}${min}`;
    }
    case 'object':
      return s.properties ? 'object' : typeof s.additionalProperties === 'object' ? `map of ${typeText(s.additionalProperties as JsonSchema)}` : 'object';
    default:
      return 'any';
  }
}

function defaultText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'object' && value !== null && Object.keys(value).length === 0) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `text` in lines of at most WIDTH characters: the first at `indent`, the others further in. */
function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(/\s+/)) {
    const start = line.trim() === '' ? line : `${line} `;
    if (line.trim() !== '' && start.length + word.length > WIDTH) {
      lines.push(line);
      line = `${indent}    ${word}`;
    } else {
      line = start + word;
    }
  }
  lines.push(line);
  return lines;
}

/** One line (or a few) per field of an object schema, its children indented under it. */
export function fieldHelp(schema: JsonSchema, indent = ''): string[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).flatMap(([name, field]) => {
    // An object's default is its fields' defaults, shown on each of them.
    const shownDefault = field.type === 'object' ? undefined : defaultText(field.default);
    const facts = [typeText(field), required.has(name) ? 'required' : undefined, shownDefault && `default ${shownDefault}`];
    const head = `${name}: ${facts.filter(Boolean).join(', ')}.`;
    const description = typeof field.description === 'string' ? ` ${field.description}` : '';
    // The fields of each object it may hold; the branches of a union one after the other.
    const inner = objectsWithin(field).flatMap((object, i) => [...(i > 0 ? [`${indent}  or`] : []), ...fieldHelp(object, `${indent}  `)]);
    return [...wrap(head + description, indent), ...inner];
  });
}

/**
 * The reference of a config section for --help, written from its zod schema: every field with its
 * type, default and `.describe()` text, nested fields indented. The schema is the one place a field
 * is explained; this is only how it is printed.
 */
export function configHelp(schema: z.ZodType, indent = ''): string {
  return fieldHelp(configJsonSchema(schema), indent).join('\n');
}
