/** A number as the Targets lines print it (3 decimals; Infinity and NaN as words). */
export const fmt = (n: number): string => (Number.isFinite(n) ? n.toFixed(3) : String(n));

/** A target's verdict as the Targets lines print it. */
export const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');
