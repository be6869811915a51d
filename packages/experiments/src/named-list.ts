/**
 * A flag naming one or more of `all`: a comma-separated list (each name once, in the order given), or "all"
 * for every one of them. `also` are names taken only when named (not part of "all": the training windows).
 * Returns the names and the ones not known, so the caller refuses them naming its own flag.
 */
export function namedList(value: string, all: readonly string[], also: readonly string[] = []): { names: string[]; unknown: string[] } {
  if (value.trim() === 'all') return { names: [...all], unknown: [] };
  const known = new Set([...all, ...also]);
  const names = [...new Set(value.split(',').map((x) => x.trim()))];
  // An empty name ("video,", ",") is refused like an unknown one: the user meant something there.
  return { names: names.filter((x) => known.has(x)), unknown: names.filter((x) => !known.has(x)) };
}

/** What a refused list says: which names are not known, the valid ones, and that a list of them or "all" is taken. */
export function unknownNamesMessage(unknown: readonly string[], all: readonly string[], also: readonly string[] = []): string {
  const which = unknown.map((x) => (x === '' ? 'an empty name' : `"${x}"`)).join(', ');
  return `${which} not known: must be one of ${[...all, ...also].join(', ')}, a comma-separated list of them, or all`;
}
