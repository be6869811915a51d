import { UsageError } from './usage-error';

/** Plain decimal notation, with an optional exponent: "120", "-5", "0.25", ".5", "1e3". Not "0x10", "0b1", "Infinity" or "". */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export interface NumberRange {
  /** Smallest accepted value (inclusive). */
  min?: number;
  /** Values must be greater than this (exclusive lower bound). */
  above?: number;
  /** Largest accepted value (inclusive). */
  max?: number;
  /** Values must be less than this (exclusive upper bound). */
  below?: number;
  /** Whole numbers only. */
  integer?: boolean;
}

function describe(range: NumberRange): string {
  const kind = range.integer ? 'a whole number' : 'a decimal number';
  const low = range.above !== undefined ? `> ${range.above}` : range.min !== undefined ? `≥ ${range.min}` : undefined;
  const high = range.below !== undefined ? `< ${range.below}` : range.max !== undefined ? `≤ ${range.max}` : undefined;
  if (range.min !== undefined && range.max !== undefined) return `${kind} from ${range.min} to ${range.max}`;
  return [kind, [low, high].filter(Boolean).join(' and ')].filter(Boolean).join(' ');
}

/**
 * The one number parser of every flag: decimal text only (so "0x10" is not 16, "" is not 0), finite,
 * within the flag's range; otherwise a UsageError (exit 2) naming the flag, what is valid and what was given.
 */
export function numberFlag(flag: string, raw: string, range: NumberRange = {}): number {
  const n = DECIMAL.test(raw.trim()) ? Number(raw) : NaN;
  const inRange =
    Number.isFinite(n) &&
    (!range.integer || Number.isSafeInteger(n)) &&
    (range.min === undefined || n >= range.min) &&
    (range.above === undefined || n > range.above) &&
    (range.max === undefined || n <= range.max) &&
    (range.below === undefined || n < range.below);
  if (!inRange) throw new UsageError(`${flag} must be ${describe(range)}, got "${raw}"`);
  return n;
}

/** numberFlag for a flag that may be absent. */
export function optionalNumberFlag(flag: string, raw: string | undefined, range: NumberRange = {}): number | undefined {
  return raw === undefined ? undefined : numberFlag(flag, raw, range);
}

/** Requests per second a solve or a load accepts: far above any trace here, far below where float arithmetic degrades. */
export const MAX_RPS = 1_000_000;
/** A seed: a whole number a PRNG takes as is. */
export const SEED: NumberRange = { integer: true, min: 0, max: 2 ** 32 - 1 };
