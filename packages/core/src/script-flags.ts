import { closestName } from './closest-name';

/** What a report script's flag is: one that takes the next word as its value, or a switch on its own. */
export type FlagKind = 'value' | 'switch';

/** A report script's command line is wrong: the message says which word and what is valid (no stack needed). */
export class FlagError extends Error {
  override name = 'FlagError';
}

/**
 * Refuses what a hand-parsed report script would otherwise ignore: a flag it does not know (a typo would
 * run the defaults and print their figures as if the setting had been applied; the closest known flag is
 * named), a flag given twice (only the first would count), a value flag with no value, and a word that
 * is no flag's value. Throws a FlagError saying which word and what is valid. Pure.
 */
export function refuseUnknownFlags(args: readonly string[], known: Readonly<Record<string, FlagKind>>): void {
  const names = Object.keys(known);
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (!word.startsWith('-')) throw new FlagError(`unexpected "${word}": flags take the form --name [value] (known: ${names.join(', ')})`);
    const kind = known[word];
    if (kind === undefined) {
      const near = closestName(word, names);
      throw new FlagError(`${word}: not a flag of this command${near ? ` (did you mean ${near}?)` : ''}; known: ${names.join(', ')}`);
    }
    if (seen.has(word)) throw new FlagError(`${word}: given twice (only one is taken)`);
    seen.add(word);
    if (kind === 'value') {
      // The value is the next word whatever it looks like ("--seed -1" is refused by the flag's own check, not here).
      if (i + 1 >= args.length) throw new FlagError(`${word}: needs a value`);
      i++;
    }
  }
}
