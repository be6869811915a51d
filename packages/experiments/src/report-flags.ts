/** A comma-separated flag: its default when absent, every known value for "all". */
export function listFlag(args: readonly string[], name: string, fallback: readonly string[], all: readonly string[]): string[] {
  const i = args.indexOf(name);
  if (i < 0) return [...fallback];
  const value = args[i + 1] ?? '';
  const list = value === 'all' ? [...all] : value.split(',').filter((x) => x.length > 0);
  if (list.length === 0) throw new Error(`${name}: a comma-separated list or "all" (known: ${all.join(', ')})`);
  return list;
}

/** A comma-separated flag whose every value must be one of `known` (refused by name, listing them). */
export function knownListFlag<T extends string>(args: readonly string[], name: string, fallback: readonly T[], known: readonly T[], what: string): T[] {
  const list = listFlag(args, name, fallback, known);
  for (const x of list) if (!(known as readonly string[]).includes(x)) throw new Error(`${name}: unknown ${what} "${x}" (known: ${known.join(', ')})`);
  return list as T[];
}

/** A numeric flag: its default when absent; refused (naming the flag and what is valid) when not one. */
export function numberFlag(args: readonly string[], name: string, fallback: number, valid: (n: number) => boolean, expected: string): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const raw = args[i + 1];
  const n = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  if (!valid(n)) throw new Error(`${name}: ${expected} (got ${raw ?? 'nothing'})`);
  return n;
}

/** A JSON-object flag: {} when absent; refused with an example when not an object. */
export function jsonObjectFlag(
  args: readonly string[],
  name: string,
  example: string,
  /** Keys another flag sets (they would be overwritten silently): key → what to use instead. */
  refused: Readonly<Record<string, string>> = {},
): Record<string, unknown> {
  const i = args.indexOf(name);
  if (i < 0) return {};
  const raw = args[i + 1];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '');
  } catch (err) {
    throw new Error(`${name}: a JSON object, e.g. '${example}' (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${name}: a JSON object, e.g. '${example}'`);
  for (const key of Object.keys(parsed)) {
    if (Object.hasOwn(refused, key)) throw new Error(`${name}: "${key}" is not taken here: ${refused[key]}`);
  }
  return parsed as Record<string, unknown>;
}

/** A flag taking one of `known`: its default when absent; refused (naming the flag and listing them) otherwise. */
export function choiceFlag<T extends string>(args: readonly string[], name: string, fallback: T, known: readonly T[]): T {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const raw = args[i + 1];
  if (raw === undefined || !(known as readonly string[]).includes(raw)) throw new Error(`${name}: one of ${known.join(', ')} (got ${raw ?? 'nothing'})`);
  return raw as T;
}
