import { splitCsvLine } from '../csv';
import { DataError } from '../data-error';
import { clipForMessage } from './count-list';

/** Which CSV columns hold the load and the time, when the caller names them. */
export interface CsvTraceColumns {
  /** The load column; by default the first header cell named like a count or a rate. */
  column?: string;
  /** The time column; by default the first header cell named like a timestamp, else none. */
  timestampColumn?: string;
}

export interface CsvTrace {
  /** Requests in each second (fractional where a row spreads over several seconds or holds a rate). */
  perSecond: Float64Array;
  column: string;
  /** A count is requests in the row's time step; a rate is requests per second during it. */
  meaning: 'count' | 'rate';
  timestampColumn?: string;
  /** Unix time of the first second, when the file has timestamps. */
  startEpochSeconds?: number;
  /** Seconds between rows (1 without timestamps). */
  stepSeconds: number;
}

const COUNT_NAMES = ['count', 'counts', 'requests', 'request_count', 'requests_count', 'total'];
const RATE_NAMES = ['rate', 'rps', 'qps', 'req_per_s', 'requests_per_second', 'value'];
const TIME_NAMES = ['timestamp', 'time', 'ts', 'date', 'datetime', 'epoch', 'second', 'seconds'];

/** A trace longer than this (400 days of seconds) is refused rather than filling memory. */
export const MAX_TRACE_SECONDS = 400 * 86_400;

/**
 * A CSV trace: a header naming a count or rate column and optionally a timestamp column (Unix
 * seconds or milliseconds, or ISO 8601). Rows without timestamps are consecutive seconds. With
 * timestamps, the step is the smallest gap; missing rows are seconds with no requests, and a row
 * out of order, repeated or off the step's grid is an error naming its line — a silently reordered
 * trace would replay a different workload.
 */
export function parseCsvTrace(text: string, file: string, columns: CsvTraceColumns = {}): CsvTrace {
  const head = /^(?:[ \t\r\uFEFF]*\n)*/.exec(text)?.[0] ?? '';
  const first = head.split('\n').length - 1;
  const headerEnd = text.indexOf('\n', head.length);
  const headerLine = text.slice(head.length, headerEnd < 0 ? text.length : headerEnd);
  if (headerLine.trim() === '') throw new DataError(file, undefined, undefined, 'the file is empty');
  const header = splitCsvLine(headerLine.replace(/^\uFEFF/, '').replace(/\r$/, '')).map((h) => h.trim());
  const load = pickColumn(header, columns.column, [...COUNT_NAMES, ...RATE_NAMES], 'load', file, first + 1);
  const time =
    columns.timestampColumn !== undefined || findName(header, TIME_NAMES) !== undefined
      ? pickColumn(header, columns.timestampColumn, TIME_NAMES, 'timestamp', file, first + 1)
      : undefined;
  const meaning = RATE_NAMES.includes(header[load].toLowerCase()) ? 'rate' : 'count';

  const values: number[] = [];
  const stamps: number[] = [];
  const lineOf: number[] = [];
  // One pass over the characters (a 22-day trace is ~2 M rows): find each row's cells by their commas
  // and read only the two columns used; a row with quotes goes through the full CSV splitter.
  let lineNo = first + 1;
  let pos = lineStarts(text, first);
  while (pos < text.length) {
    lineNo++;
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const next = end + 1;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    if (!isBlank(text, pos, end)) {
      const cells = cellBounds(text, pos, end, header.length, file, lineNo);
      values.push(loadValue(cells, load, file, lineNo, header[load]));
      if (time !== undefined) stamps.push(epochSeconds(cells, time, file, lineNo, header[time]));
      lineOf.push(lineNo);
    }
    pos = next;
  }
  if (values.length === 0) throw new DataError(file, undefined, undefined, 'the file has a header but no rows');
  if (time === undefined) {
    return { perSecond: Float64Array.from(values), column: header[load], meaning, stepSeconds: 1 };
  }
  return { ...onTimeGrid(values, stamps, lineOf, meaning, file, header[time]), column: header[load], meaning, timestampColumn: header[time] };
}

function onTimeGrid(values: number[], stamps: number[], lineOf: number[], meaning: 'count' | 'rate', file: string, timeName: string) {
  let step = Infinity;
  for (let k = 1; k < stamps.length; k++) {
    const gap = stamps[k] - stamps[k - 1];
    if (gap === 0) throw new DataError(file, lineOf[k], timeName, `timestamp ${stamps[k]} repeats line ${lineOf[k - 1]}`, 'line');
    if (gap < 0)
      throw new DataError(
        file,
        lineOf[k],
        timeName,
        `timestamp ${stamps[k]} is earlier than line ${lineOf[k - 1]}'s ${stamps[k - 1]} (rows must be in time order)`,
        'line',
      );
    step = Math.min(step, gap);
  }
  if (!Number.isFinite(step)) step = 1;
  const span = stamps[stamps.length - 1] - stamps[0] + step;
  if (span > MAX_TRACE_SECONDS) {
    throw new DataError(file, undefined, timeName, `the timestamps span ${span} s, more than the ${MAX_TRACE_SECONDS} s (400 days) a trace may hold`);
  }
  const perSecond = new Float64Array(span);
  for (let k = 0; k < stamps.length; k++) {
    const offset = stamps[k] - stamps[0];
    if (offset % step !== 0) {
      throw new DataError(
        file,
        lineOf[k],
        timeName,
        `timestamp ${stamps[k]} is off the file's ${step}-second grid (rows every ${step} s from ${stamps[0]})`,
        'line',
      );
    }
    const each = meaning === 'rate' ? values[k] : values[k] / step;
    for (let s = 0; s < step; s++) perSecond[offset + s] = each;
  }
  return { perSecond, startEpochSeconds: stamps[0], stepSeconds: step };
}

function pickColumn(header: string[], named: string | undefined, known: string[], what: string, file: string, line: number): number {
  if (named !== undefined) {
    const at = header.indexOf(named);
    if (at < 0) throw new DataError(file, line, named, `no such column (header: ${header.join(', ')})`, 'line');
    return at;
  }
  const at = findName(header, known);
  if (at === undefined) {
    throw new DataError(
      file,
      line,
      undefined,
      `no ${what} column in the header (${header.join(', ')}); name it one of ${known.join(', ')} or pass the column's name`,
      'line',
    );
  }
  return at;
}

function findName(header: string[], known: string[]): number | undefined {
  const at = header.findIndex((h) => known.includes(h.toLowerCase()));
  return at < 0 ? undefined : at;
}

/** Where each cell of a row starts and ends in the text (or, for a quoted row, its split cells). */
type RowCells = { text: string; bounds: Int32Array } | { cells: string[] };

function cellBounds(text: string, from: number, to: number, expected: number, file: string, line: number): RowCells {
  if (hasQuote(text, from, to)) {
    const cells = splitCsvLine(text.slice(from, to));
    if (cells.length !== expected) throw new DataError(file, line, undefined, `expected ${expected} cells like the header, found ${cells.length}`, 'line');
    return { cells };
  }
  const bounds = new Int32Array(expected * 2);
  let cell = 0;
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i === to || text.charCodeAt(i) === 44) {
      if (cell < expected) {
        bounds[cell * 2] = start;
        bounds[cell * 2 + 1] = i;
      }
      cell++;
      start = i + 1;
    }
  }
  if (cell !== expected) throw new DataError(file, line, undefined, `expected ${expected} cells like the header, found ${cell}`, 'line');
  return { text, bounds };
}

function cellText(row: RowCells, k: number): string {
  return 'cells' in row ? row.cells[k].trim() : row.text.slice(row.bounds[k * 2], row.bounds[k * 2 + 1]).trim();
}

/** A plain non-negative decimal (`12`, `0.5`) read straight from the text, or NaN for anything else. */
function decimalIn(row: RowCells, k: number): number {
  if ('cells' in row) return decimalText(row.cells[k].trim());
  const text = row.text;
  let i = row.bounds[k * 2];
  let end = row.bounds[k * 2 + 1];
  while (i < end && text.charCodeAt(i) === 32) i++;
  while (end > i && text.charCodeAt(end - 1) === 32) end--;
  if (i === end) return NaN;
  let whole = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    whole = whole * 10 + (c - 48);
    digits++;
  }
  if (i === end) return digits > 15 ? Number(text.slice(end - digits, end)) : whole;
  return decimalText(text.slice(row.bounds[k * 2], row.bounds[k * 2 + 1]).trim());
}

const DECIMAL = /^\d+(\.\d+)?$/;

function decimalText(cell: string): number {
  return DECIMAL.test(cell) ? Number(cell) : NaN;
}

function loadValue(row: RowCells, k: number, file: string, line: number, column: string): number {
  const value = decimalIn(row, k);
  if (!Number.isFinite(value)) {
    throw new DataError(file, line, column, `"${clipForMessage(cellText(row, k))}" is not a non-negative decimal number`, 'line');
  }
  return value;
}

/** Unix seconds from seconds, milliseconds (values past the year 5138 in seconds) or ISO 8601. */
function epochSeconds(row: RowCells, k: number, file: string, line: number, column: string): number {
  const n = decimalIn(row, k);
  let seconds: number;
  const cell = Number.isNaN(n) ? cellText(row, k) : '';
  if (!Number.isNaN(n)) {
    seconds = n > 1e11 ? n / 1000 : n;
  } else {
    const ms = Date.parse(cell);
    if (Number.isNaN(ms)) throw new DataError(file, line, column, `"${clipForMessage(cell)}" is not a Unix time or an ISO 8601 date`, 'line');
    seconds = ms / 1000;
  }
  const whole = Math.round(seconds);
  if (Math.abs(seconds - whole) > 1e-6) throw new DataError(file, line, column, `${cellText(row, k)} is not a whole second`, 'line');
  return whole;
}

/** Index of the character after line `first` (0-based) ends. */
function lineStarts(text: string, first: number): number {
  let pos = 0;
  for (let l = 0; l <= first; l++) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) return text.length;
    pos = nl + 1;
  }
  return pos;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function hasQuote(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 34) return true;
  return false;
}
