import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError } from '../data-error';
import { loadTraceFile, parseTraceText } from './load-trace-file';

const sum = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0);
const errorOf = (f: () => unknown): DataError => {
  try {
    f();
  } catch (err) {
    if (err instanceof DataError) return err;
    throw err;
  }
  throw new Error('expected a DataError');
};

describe('plain per-second counts', () => {
  it('reads one per line, several per line, tabs and CRLF alike', () => {
    const t = parseTraceText('3\r\n4 5\t6\n\n7\n', 't.txt');
    expect(Array.from(t.counts)).toEqual([3, 4, 5, 6, 7]);
    expect(t.format).toBe('counts');
  });

  it.each([
    ['0x10', 2],
    ['-1', 2],
    ['1e5', 2],
    ['12a', 2],
  ])('refuses %s naming the file, the line and the value', (bad, line) => {
    const err = errorOf(() => parseTraceText(`1 2\n${bad} 3\n`, 'trace.txt'));
    expect(err.file).toBe('trace.txt');
    expect(err.row).toBe(line);
    expect(err.message).toContain(`line ${line}`);
    expect(err.message).toContain(`"${bad}"`);
  });

  it('refuses an empty file', () => {
    expect(errorOf(() => parseTraceText(' \n\n', 'e.txt')).message).toContain('empty');
  });
});

describe('CSV traces', () => {
  it('reads a count column without timestamps as consecutive seconds', () => {
    const t = parseTraceText('id,requests\na,5\nb,7\n', 'c.csv');
    expect(Array.from(t.counts)).toEqual([5, 7]);
    expect(t.description).toContain('requests');
  });

  it('fills missing seconds with zero requests', () => {
    const t = parseTraceText('timestamp,count\n100,4\n101,5\n104,6\n', 'c.csv');
    expect(Array.from(t.counts)).toEqual([4, 5, 0, 0, 6]);
    expect(t.startEpochSeconds).toBe(100);
  });

  it('spreads a rate sampled every 15 s over the seconds of each step', () => {
    const t = parseTraceText('time,rate\n2026-01-01T00:00:00Z,2\n2026-01-01T00:00:15Z,4\n', 'r.csv');
    expect(t.counts.length).toBe(30);
    expect(sum(t.counts)).toBe(15 * 2 + 15 * 4);
    expect(t.startEpochSeconds).toBe(Date.parse('2026-01-01T00:00:00Z') / 1000);
  });

  it('spreads a count per 10-s row over its seconds, keeping the total', () => {
    const t = parseTraceText('ts,count\n0,7\n10,3\n', 'c.csv');
    expect(t.counts.length).toBe(20);
    expect(sum(t.counts.subarray(0, 10))).toBe(7);
    expect(sum(t.counts)).toBe(10);
  });

  it('reads millisecond timestamps', () => {
    const t = parseTraceText('timestamp,count\n1700000000000,1\n1700000001000,2\n', 'ms.csv');
    expect(Array.from(t.counts)).toEqual([1, 2]);
    expect(t.startEpochSeconds).toBe(1_700_000_000);
  });

  it.each([
    ['repeated', 'timestamp,count\n1,1\n2,1\n2,1\n', 4, 'repeats line 3'],
    ['out of order', 'timestamp,count\n1,1\n3,1\n2,1\n', 4, 'earlier than line 3'],
    ['off the grid', 'timestamp,count\n0,1\n10,1\n25,1\n', 4, 'off the file'],
    ['a bad value', 'timestamp,count\n0,1\n1,x\n', 3, '"x"'],
    ['a short row', 'timestamp,count\n0,1\n1\n', 3, 'expected 2 cells'],
    ['a bad date', 'timestamp,count\nyesterday,1\n', 2, 'ISO 8601'],
  ])('refuses %s naming the line', (_what, text, line, words) => {
    const err = errorOf(() => parseTraceText(text, 'bad.csv'));
    expect(err.row).toBe(line);
    expect(err.message).toContain(`bad.csv, line ${line}`);
    expect(err.message).toContain(words);
  });

  it('names the header when no load column is found, and honours an explicit column', () => {
    expect(errorOf(() => parseTraceText('when,how_many\n1,2\n', 'h.csv')).message).toContain('when, how_many');
    const t = parseTraceText('when,how_many\n1,2\n2,3\n', 'h.csv', { column: 'how_many', timestampColumn: 'when' });
    expect(Array.from(t.counts)).toEqual([2, 3]);
    expect(errorOf(() => parseTraceText('a,b\n1,2\n', 'h.csv', { column: 'c' })).message).toContain('no such column');
  });
});

describe('cutting, smoothing and scaling', () => {
  const base = Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? 1 : 0)).join('\n');

  it('keeps [from, to)', () => {
    const t = parseTraceText('1 2 3 4 5', 't', { from: 1, to: 4 });
    expect(Array.from(t.counts)).toEqual([2, 3, 4]);
  });

  it('turns a sparse trace into a steady rate when smoothed, keeping its total', () => {
    const t = parseTraceText(base, 't', { smooth: 20 });
    expect(sum(t.counts)).toBe(25);
    // 0.25 req/s: no window of 8 s may hold more than 3 requests after smoothing (raw holds 2, but so would 1-0-0-0)
    const maxPer8 = Math.max(...Array.from({ length: 92 }, (_, i) => sum(t.counts.subarray(i, i + 8))));
    expect(maxPer8).toBeLessThanOrEqual(3);
  });

  it('scales, rounding so that the scaled total is kept', () => {
    const t = parseTraceText('10 10 10 10 10 10 10', 't', { scale: 0.15 });
    expect(sum(t.counts)).toBe(Math.round(70 * 0.15));
    for (const c of t.counts) expect([1, 2]).toContain(c);
  });

  it.each([
    [{ from: 5 }, 'from'],
    [{ to: 0 }, 'to'],
    [{ from: 2, to: 2 }, 'to'],
    [{ scale: 0 }, 'scale'],
    [{ smooth: 1.5 }, 'smooth'],
  ])('refuses %j naming the option', (opts, field) => {
    expect(errorOf(() => parseTraceText('1 2 3 4 5', 't', opts)).field).toBe(field);
  });
});

describe('files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trace-file-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads gzip by its magic bytes whatever the name', () => {
    const path = join(dir, 'trace.data');
    writeFileSync(path, gzipSync('timestamp,count\n5,1\n6,2\n'));
    const t = loadTraceFile(path);
    expect(Array.from(t.counts)).toEqual([1, 2]);
    expect(t.name).toBe('trace.data');
  });

  it('names a missing file', () => {
    expect(errorOf(() => loadTraceFile(join(dir, 'nope.txt'))).message).toContain('ENOENT');
  });

  it('names a folder as a DataError, not a raw EISDIR', () => {
    expect(errorOf(() => loadTraceFile(dir)).message).toBe(`${dir}: is a folder, not a trace file`);
  });

  it('refuses corrupt gzip', () => {
    const path = join(dir, 'bad.gz');
    writeFileSync(path, Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    expect(errorOf(() => loadTraceFile(path)).message).toContain('gzip');
  });
});
