/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), so "dryrun" is one
 * edit from "dryRun" only after lower-casing, and "enalbed" one transposition from "enabled". Pure.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known name a typo most likely meant, or undefined when none is close: compared without case
 * ("latencyMS" → latencyMs), accepted within a third of the name's length (at least one edit), so
 * "enable" → enabled but "foo" suggests nothing; or a known name the typo begins ("capacity" →
 * capacityRps, "leaseDuration" → leaseDurationSeconds). Ties go to the first known name. Pure.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const extended = lower.length >= 3 ? known.find((k) => k.toLowerCase().startsWith(lower)) : undefined;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  if (best && best.distance <= Math.max(1, Math.floor(name.length / 3))) return best.name;
  return extended;
}
