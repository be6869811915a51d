import { DataError } from '../data-error';

/**
 * A plain trace: per-second counts separated by any white space (one per line, or many per line).
 * Each is a non-negative decimal number (`12`, `0.5`); anything else — a sign, an exponent, hex, a
 * letter — is refused with the line and the value, because a silently misread trace would make every
 * comparison on it wrong. Written as one pass over the characters: a 22-day trace is ~2 M entries.
 */
export function parseCountList(text: string, file: string): Float64Array {
  let out: Float64Array = new Float64Array(Math.max(16, text.length >> 2));
  let n = 0;
  let line = 1;
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 10;
    const space = code === 32 || code === 10 || code === 13 || code === 9 || code === 0xfeff;
    if (!space) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      const token = text.slice(start, i);
      if (n === out.length) out = grow(out);
      out[n++] = countValue(token, file, line);
      start = -1;
    }
    if (code === 10) line++;
  }
  if (n === 0) throw new DataError(file, undefined, undefined, 'the trace is empty (no counts found)');
  return out.slice(0, n);
}

const DECIMAL = /^\d+(\.\d+)?$/;

function countValue(token: string, file: string, line: number): number {
  if (!DECIMAL.test(token)) {
    throw new DataError(file, line, 'requests per second', `"${clipForMessage(token)}" is not a non-negative decimal number`, 'line');
  }
  const value = Number(token);
  if (!Number.isFinite(value)) throw new DataError(file, line, 'requests per second', `"${clipForMessage(token)}" is too large`, 'line');
  return value;
}

function grow(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/** A value short enough to quote in an error message. */
export function clipForMessage(value: string): string {
  return value.length > 40 ? `${value.slice(0, 37)}...` : value;
}
