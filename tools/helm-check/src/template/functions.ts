import { createHash, randomInt } from 'node:crypto';
import { stringify } from 'yaml';
import { TemplateError } from './errors';
import { isMap, isTruthy, printValue, type Value } from './values';

/** A template function: receives evaluated arguments; `include` also needs the renderer. */
export type TemplateFunction = (args: Value[], include: (name: string, dot: Value) => string) => Value;

function arity(name: string, args: Value[], n: number): void {
  if (args.length !== n) throw new TemplateError(`${name} takes ${n} argument(s), got ${args.length}`);
}

function str(name: string, v: Value): string {
  if (typeof v !== 'string') throw new TemplateError(`${name} wants a string, got ${JSON.stringify(v) ?? typeof v}`);
  return v;
}

function int(name: string, v: Value): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TemplateError(`${name} wants an integer, got ${JSON.stringify(v)}`);
  return v;
}

/** sprig's indent: every line, empty ones included, gets the pad. */
function indent(n: number, text: string): string {
  const pad = ' '.repeat(n);
  return pad + text.replace(/\n/g, '\n' + pad);
}

/** Go's fmt for the verbs our charts use: %s, %d, %v and %%. */
function printf(format: string, args: Value[]): string {
  let next = 0;
  const out = format.replace(/%([%a-zA-Z])/g, (_, verb: string) => {
    if (verb === '%') return '%';
    if (!['s', 'd', 'v'].includes(verb)) throw new TemplateError(`printf: unsupported verb %${verb}`);
    if (next >= args.length) throw new TemplateError(`printf: missing argument for %${verb} in "${format}"`);
    const arg = args[next++] as Value;
    if (verb === 'd') return String(int('printf %d', arg));
    return printValue(arg, 'printf');
  });
  if (next !== args.length) throw new TemplateError(`printf: ${args.length - next} extra argument(s) for "${format}"`);
  return out;
}

/** Helm's toYaml: sigs.k8s.io/yaml sorts keys (via JSON); the trailing newline is trimmed. */
function toYaml(v: Value): string {
  if (typeof v === 'function') throw new TemplateError('toYaml of a function');
  return stringify(v ?? null, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false }).replace(/\n$/, '');
}

/** Exactly the functions the charts use; any other name throws at render time. */
export const FUNCTIONS: Record<string, TemplateFunction> = {
  include: (args, include) => {
    arity('include', args, 2);
    return include(str('include', args[0]), args[1]);
  },
  toYaml: (args) => {
    arity('toYaml', args, 1);
    return toYaml(args[0]);
  },
  nindent: (args) => {
    arity('nindent', args, 2);
    return '\n' + indent(int('nindent', args[0]), str('nindent', args[1]));
  },
  indent: (args) => {
    arity('indent', args, 2);
    return indent(int('indent', args[0]), str('indent', args[1]));
  },
  quote: (args) => args.filter((a) => a !== null && a !== undefined).map((a) => JSON.stringify(printValue(a, 'quote'))).join(' '),
  default: (args) => {
    if (args.length !== 1 && args.length !== 2) throw new TemplateError(`default takes 1 or 2 arguments, got ${args.length}`);
    return args.length === 2 && isTruthy(args[1]) ? args[1] : args[0];
  },
  required: (args) => {
    arity('required', args, 2);
    const v = args[1];
    if (v === null || v === undefined || v === '') throw new TemplateError(`required: ${str('required', args[0])}`);
    return v;
  },
  printf: (args) => {
    if (args.length < 1) throw new TemplateError('printf needs a format');
    return printf(str('printf', args[0]), args.slice(1));
  },
  trunc: (args) => {
    arity('trunc', args, 2);
    const n = int('trunc', args[0]);
    if (n < 0) throw new TemplateError('trunc with a negative length is not supported');
    return str('trunc', args[1]).slice(0, n);
  },
  trimSuffix: (args) => {
    arity('trimSuffix', args, 2);
    const suffix = str('trimSuffix', args[0]);
    const s = str('trimSuffix', args[1]);
    return suffix && s.endsWith(suffix) ? s.slice(0, -suffix.length) : s;
  },
  sha256sum: (args) => {
    arity('sha256sum', args, 1);
    return createHash('sha256').update(str('sha256sum', args[0])).digest('hex');
  },
  /** sprig's omit: a copy of the map without the named keys. */
  omit: (args) => {
    if (args.length < 1) throw new TemplateError('omit needs a map');
    const [map, ...keys] = args;
    if (!isMap(map)) throw new TemplateError('omit wants a map');
    const drop = new Set(keys.map((k) => str('omit', k)));
    return Object.fromEntries(Object.entries(map).filter(([k]) => !drop.has(k)));
  },
  /** sprig's dict: the charts' only way to hand a named template several values (no variables here). */
  dict: (args) => {
    if (args.length % 2 !== 0) throw new TemplateError(`dict wants key/value pairs, got ${args.length} argument(s)`);
    const out: { [key: string]: Value } = {};
    for (let i = 0; i < args.length; i += 2) out[str('dict', args[i])] = args[i + 1];
    return out;
  },
  /** sprig's b64enc: the UTF-8 bytes in standard base64. */
  b64enc: (args) => {
    arity('b64enc', args, 1);
    return Buffer.from(str('b64enc', args[0]), 'utf8').toString('base64');
  },
  /** sprig's randAlphaNum: n random letters and digits (crypto-random here). */
  randAlphaNum: (args) => {
    arity('randAlphaNum', args, 1);
    const n = int('randAlphaNum', args[0]);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    return Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');
  },
  /** Helm's lookup as `helm template` runs it: there is no cluster, so every lookup finds nothing (an empty map). */
  lookup: (args) => {
    arity('lookup', args, 4);
    args.forEach((a) => str('lookup', a));
    return {};
  },
  index: (args) => {
    arity('index', args, 2);
    const [collection, key] = args;
    if (!isMap(collection)) throw new TemplateError('index: only maps with a string key are supported');
    return collection[str('index', key)];
  },
};
