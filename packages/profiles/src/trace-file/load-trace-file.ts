import { readFileSync, statSync, type Stats } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../data-error';
import { parseCountList } from './count-list';
import { parseCsvTrace, type CsvTraceColumns } from './csv-trace';
import { movingMean } from './moving-mean';
import { roundKeepingTotal } from './total-preserving-round';

/** How to cut and shape a trace file before replaying it. */
export interface TraceFileOptions extends CsvTraceColumns {
  /** Multiply every count (e.g. 0.1 for a tenth of the load). Default 1. */
  scale?: number;
  /** First second kept, counted from the trace's start. Default 0. */
  from?: number;
  /** Second after the last one kept. Default: the end. */
  to?: number;
  /** Centered moving mean over this many seconds, for sparse traces. Default 1 (none). */
  smooth?: number;
}

export interface TraceFile {
  file: string;
  /** The file name, for reports. */
  name: string;
  format: 'counts' | 'csv';
  /** Whole requests in each second after cutting, smoothing and scaling (the total is kept by rounding). */
  counts: Int32Array;
  /** Unix time of counts[0], when the file had timestamps. */
  startEpochSeconds?: number;
  /** One line on where the numbers came from (format, column, step, options). */
  description: string;
}

/** Larger files are refused before reading (a 22-day per-second trace is ~10 MB of text). */
export const MAX_TRACE_FILE_BYTES = 1 << 30;
const MAX_SMOOTH_SECONDS = 86_400;

/**
 * Reads a user's trace: per-second counts separated by white space, or a CSV with a header (see
 * parseCsvTrace); gzip is recognised by its magic bytes. Every problem is a DataError naming the
 * file, the line and the value.
 */
export function loadTraceFile(path: string, options: TraceFileOptions = {}): TraceFile {
  const cannotRead = (err: unknown) =>
    new DataError(path, undefined, undefined, `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (err) {
    throw cannotRead(err);
  }
  // A folder stats fine but fails to read (EISDIR): say what it is.
  if (stats.isDirectory()) throw new DataError(path, undefined, undefined, 'is a folder, not a trace file');
  if (stats.size > MAX_TRACE_FILE_BYTES)
    throw new DataError(path, undefined, undefined, `${stats.size} bytes is more than the ${MAX_TRACE_FILE_BYTES} a trace file may have`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw cannotRead(err);
  }
  return parseTraceBytes(bytes, path, options);
}

export function parseTraceBytes(bytes: Buffer, file: string, options: TraceFileOptions = {}): TraceFile {
  let text: string;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      text = gunzipSync(bytes, { maxOutputLength: MAX_TRACE_FILE_BYTES }).toString('utf8');
    } catch (err) {
      throw new DataError(
        file,
        undefined,
        undefined,
        `gzip data that cannot be decompressed (or over ${MAX_TRACE_FILE_BYTES} bytes): ${(err as Error).message}`,
      );
    }
  } else {
    text = bytes.toString('utf8');
  }
  return parseTraceText(text, file, options);
}

export function parseTraceText(text: string, file: string, options: TraceFileOptions = {}): TraceFile {
  const csv = looksLikeCsv(text);
  const parsed = csv ? parseCsvTrace(text, file, options) : undefined;
  const perSecond = parsed?.perSecond ?? parseCountList(text, file);
  const { from, to, scale, smooth } = checkedOptions(options, perSecond.length, file);
  let shaped: ArrayLike<number> = perSecond.subarray(from, to);
  if (smooth > 1) shaped = movingMean(shaped, smooth);
  if (scale !== 1) shaped = Float64Array.from(shaped, (v) => v * scale);
  const counts = roundKeepingTotal(shaped);
  const start = parsed?.startEpochSeconds === undefined ? undefined : parsed.startEpochSeconds + from;
  const source = parsed
    ? `CSV column "${parsed.column}" as ${parsed.meaning === 'rate' ? 'requests per second' : 'requests per row'}${parsed.timestampColumn ? `, timestamps "${parsed.timestampColumn}" every ${parsed.stepSeconds} s` : ', one row per second'}`
    : 'per-second counts';
  const shaping = [
    from > 0 || to < perSecond.length ? `seconds [${from}, ${to})` : '',
    smooth > 1 ? `smoothed over ${smooth} s` : '',
    scale !== 1 ? `× ${scale}` : '',
  ]
    .filter((s) => s !== '')
    .join(', ');
  return {
    file,
    name: basename(file),
    format: csv ? 'csv' : 'counts',
    counts,
    ...(start === undefined ? {} : { startEpochSeconds: start }),
    description: `${basename(file)}: ${source}${shaping ? `; ${shaping}` : ''}`,
  };
}

/** A CSV has a header: its first non-blank line holds a letter (a plain trace holds only numbers). */
function looksLikeCsv(text: string): boolean {
  const firstLine = /^[\s\uFEFF]*([^\n]*)/.exec(text)?.[1] ?? '';
  return /[A-Za-z_"]/.test(firstLine);
}

function checkedOptions(options: TraceFileOptions, length: number, file: string) {
  const scale = options.scale ?? 1;
  if (!(Number.isFinite(scale) && scale > 0)) throw new DataError(file, undefined, 'scale', `${scale} is not a number > 0`);
  const from = options.from ?? 0;
  const to = options.to ?? length;
  if (!Number.isInteger(from) || from < 0 || from >= length) {
    throw new DataError(file, undefined, 'from', `${from} is not a whole second in [0, ${length}) (the trace has ${length} seconds)`);
  }
  if (!Number.isInteger(to) || to <= from || to > length) {
    throw new DataError(file, undefined, 'to', `${to} is not a whole second in (${from}, ${length}] (the trace has ${length} seconds)`);
  }
  const smooth = options.smooth ?? 1;
  if (!Number.isInteger(smooth) || smooth < 1 || smooth > MAX_SMOOTH_SECONDS) {
    throw new DataError(file, undefined, 'smooth', `${smooth} is not a whole number of seconds in [1, ${MAX_SMOOTH_SECONDS}]`);
  }
  return { scale, from, to, smooth };
}
