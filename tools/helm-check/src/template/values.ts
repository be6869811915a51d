import { TemplateError } from './errors';

/** Template data: what YAML values and Helm's built-in objects can hold. */
export type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value } | FunctionValue;
/** A method reachable as a field, such as .Files.Get. */
export type FunctionValue = (...args: Value[]) => Value;

export function isMap(v: Value): v is { [key: string]: Value } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Go template truth: false, 0, nil, "" and empty lists and maps are false. */
export function isTruthy(v: Value): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

/**
 * How {{ value }} prints. Helm turns "<no value>" into "", so nil prints nothing. Non-integer
 * numbers, lists and maps print differently in Go (1e-06, map[a:1]); we refuse rather than guess:
 * such values must go through toYaml or quote.
 */
export function printValue(v: Value, where: string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return String(v);
    throw new TemplateError(`${where}: printing the non-integer number ${v} directly differs between Go and JS; use toYaml or quote`);
  }
  throw new TemplateError(`${where}: printing a ${Array.isArray(v) ? 'list' : typeof v === 'function' ? 'function' : 'map'} directly; use toYaml`);
}
