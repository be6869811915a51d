import { z } from 'zod';

/**
 * The longest duration any config accepts: 24 h. Far below setTimeout's limit (2^31 − 1 ms, about
 * 24.8 days; a longer delay fires at once, so a "1200h" interval would spin), and longer than any
 * interval, timeout or window a scaler has a use for.
 */
export const MAX_DURATION_MS = 24 * 3_600_000;

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** What --help and every error say a duration looks like. */
export const DURATION_GRAMMAR =
  'a duration such as 500ms, 30s, 1m30s or 1h (as Go writes them: numbers with units ns, us, ms, s, m, h), or a whole number of milliseconds';

export interface DurationLimits {
  /** Accept 0 (e.g. "do not wait"); otherwise a duration must be > 0. */
  allowZero?: boolean;
  /** Largest accepted duration; default MAX_DURATION_MS. */
  maxMs?: number;
}

/**
 * Go's time.ParseDuration grammar, in milliseconds: `[+-]?(decimal unit)+` or "0", e.g. "1h30m",
 * "1.5s", "250ms". Returns the milliseconds, or a sentence saying what is wrong. Pure.
 */
export function parseDurationText(text: string): { ms: number } | { error: string } {
  const s = text.trim();
  if (s === '0' || s === '+0' || s === '-0') return { ms: 0 };
  const body = /^[+-]/.test(s) ? s.slice(1) : s;
  if (body === '') return { error: 'is empty' };
  const part = /(\d*\.?\d*)([a-zµμ]+)/gy;
  let total = 0;
  let at = 0;
  for (let m = part.exec(body); m !== null && m.index === at; m = part.exec(body)) {
    const [whole, number, unit] = m as unknown as [string, string, string];
    if (number === '' || number === '.') return { error: 'is not a duration' };
    const scale = UNIT_MS[unit];
    if (scale === undefined) return { error: `unknown unit "${unit}" (use ns, us, ms, s, m or h)` };
    total += Number(number) * scale;
    at += whole.length;
  }
  if (at !== body.length) return { error: /^\d+(\.\d+)?$/.test(body) ? 'needs a unit (ms, s, m or h), e.g. 30s' : 'is not a duration' };
  return { ms: s.startsWith('-') ? -total : total };
}

/** A duration (text or ms) checked against the limits: the whole milliseconds, or what is wrong. Pure. */
export function readDuration(value: unknown, limits: DurationLimits = {}): { ms: number } | { error: string } {
  const maxMs = limits.maxMs ?? MAX_DURATION_MS;
  let ms: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { error: 'must be a finite number of milliseconds' };
    ms = value;
  } else if (typeof value === 'string') {
    const parsed = parseDurationText(value);
    if ('error' in parsed) return parsed;
    ms = parsed.ms;
  } else {
    return { error: `must be ${DURATION_GRAMMAR}` };
  }
  // Sub-millisecond parts would be rounded away silently by every timer: say so instead.
  if (Math.abs(ms - Math.round(ms)) > 1e-6) return { error: 'must be a whole number of milliseconds (1 ms is the resolution)' };
  ms = Math.round(ms);
  if (ms < 0 || (ms === 0 && !limits.allowZero)) return { error: limits.allowZero ? 'must be ≥ 0' : 'must be > 0' };
  if (ms > maxMs) return { error: `must be at most ${formatDuration(maxMs)} (${maxMs} ms)` };
  return { ms };
}

/** Throws a plain Error naming `what` when the duration is not valid; for flags and code paths outside zod. */
export function parseDuration(value: unknown, what = 'duration', limits: DurationLimits = {}): number {
  const read = readDuration(value, limits);
  if ('error' in read) throw new Error(`${what} ${read.error} (got ${JSON.stringify(value)})`);
  return read.ms;
}

/** The shortest Go-style text of whole milliseconds: 90000 → "1m30s", 1500 → "1.5s", 250 → "250ms". Pure. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1_000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1_000;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

/**
 * The one duration type of every config: text in Go's syntax ("30s", "1m30s") or a number of
 * milliseconds (what the older schemas accepted, and what a parsed config holds, so it parses
 * again unchanged) → whole milliseconds, > 0 (or ≥ 0 with allowZero) and at most 24 h.
 */
export function durationSchema(limits: DurationLimits = {}) {
  const schema = z.union([z.number(), z.string()], { error: `must be ${DURATION_GRAMMAR}` }).transform((value, ctx) => {
    const read = readDuration(value, limits);
    if ('ms' in read) return read.ms;
    ctx.addIssue({ code: 'custom', message: `${read.error}; ${DURATION_GRAMMAR}`, input: value });
    return z.NEVER;
  });
  // JSON Schema (the chart's values.schema.json, --help) describes it by its limits: see config-schema.ts.
  durationLimits.add(schema, limits);
  return schema;
}

/** Every schema durationSchema made, with its limits: how configJsonSchema knows a duration when it meets one. */
export const durationLimits = z.registry<DurationLimits>();
