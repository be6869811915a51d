/**
 * Readers of the admin endpoints' JSON fields. Each one checks a single field and throws an
 * AdminInputError naming it and saying what would be valid; the proxies read every field of a
 * body before changing anything, so a 400 leaves the settings as they were.
 */

/** A bad admin field: answered 400 {"error": "bad-field", field, message}. */
export class AdminInputError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}

/** Most entries a name → value map or a list in an admin body may have (variants, replica URLs). */
export const MAX_ADMIN_ENTRIES = 256;

/** Names of variants and stages: Kubernetes object names fit, and metric labels stay short and plain. */
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,251}[A-Za-z0-9])?$/;

const show = (value: unknown): string => {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value); // JSON would say null
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The body (or the object at `field` in it) as an object with only the allowed keys. */
export function objectBody(value: unknown, allowed: readonly string[], field?: string): Record<string, unknown> {
  if (!isRecord(value)) throw new AdminInputError(field ?? 'body', `must be a JSON object with some of ${allowed.join(', ')}, got ${show(value)}`);
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new AdminInputError(field ? `${field}.${key}` : key, `unknown field; valid fields: ${allowed.join(', ')}`);
  }
  return value;
}

/** A JSON object of at most MAX_ADMIN_ENTRIES entries whose keys are names. */
export function recordField(field: string, value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw new AdminInputError(field, `must be a JSON object {"<name>": …}, got ${show(value)}`);
  const keys = Object.keys(value);
  if (keys.length > MAX_ADMIN_ENTRIES) throw new AdminInputError(field, `at most ${MAX_ADMIN_ENTRIES} entries, got ${keys.length}`);
  for (const key of keys) nameField(`${field}.${key}`, key);
  return value;
}

/** A JSON list of minItems to MAX_ADMIN_ENTRIES entries. */
export function listField(field: string, value: unknown, minItems: number): unknown[] {
  if (!Array.isArray(value)) throw new AdminInputError(field, `must be a JSON list, got ${show(value)}`);
  if (value.length < minItems || value.length > MAX_ADMIN_ENTRIES) {
    throw new AdminInputError(field, `must have ${minItems} to ${MAX_ADMIN_ENTRIES} entries, got ${value.length}`);
  }
  return value;
}

/** Why text is not a usable variant or stage name, or undefined when it is. */
export function nameProblem(text: unknown): string | undefined {
  if (typeof text === 'string' && NAME.test(text)) return undefined;
  return `a name must be 1 to 253 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, got ${show(text)}`;
}

export function nameField(field: string, value: unknown): string {
  const problem = nameProblem(value);
  if (problem !== undefined) throw new AdminInputError(field, problem);
  return value as string;
}

/** A JSON integer from min to max (not a string, a boolean, a list or a number past the range). */
export function integerField(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new AdminInputError(field, `must be a whole number from ${min} to ${max}, got ${show(value)}`);
  }
  return value;
}

/** A finite JSON number from min to max (not a string, a boolean, a list, Infinity or NaN). */
export function numberField(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new AdminInputError(field, `must be a number from ${min} to ${max}, got ${show(value)}`);
  }
  return value;
}

/**
 * Why text is not a usable upstream URL, or undefined when it is: http:// only, a host, no
 * credentials, query or fragment. No https: the upstreams are in-cluster Services reached over plain
 * http, and the proxies carry no CA bundle to check a server's certificate against.
 */
export function httpUrlProblem(text: unknown): string | undefined {
  if (typeof text !== 'string') return `must be an http:// URL string, got ${show(text)}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `must be an http:// URL, got ${show(text)}`;
  }
  if (url.protocol !== 'http:') return `must be an http:// URL (plain http to an in-cluster Service; ${url.protocol} is not supported), got ${show(text)}`;
  if (url.hostname === '') return `must name a host, got ${show(text)}`;
  if (url.username !== '' || url.password !== '') return `must not carry credentials, got ${show(text)}`;
  if (url.search !== '' || url.hash !== '') return `must not have a query or a fragment, got ${show(text)}`;
  return undefined;
}

export function httpUrlField(field: string, value: unknown): string {
  const problem = httpUrlProblem(value);
  if (problem !== undefined) throw new AdminInputError(field, problem);
  return value as string;
}
