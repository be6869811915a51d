import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSampleFlags, sampleFlagsHelp, sampleSource } from './sample-flags';

describe('parseSampleFlags', () => {
  const d = { windows: 40, minutes: 20 };

  it('gives the defaults: the test split, seed 1, both methods', () => {
    expect(parseSampleFlags([], d)).toEqual({ split: 'test', count: 40, seed: 1, minutes: 20, methods: ['improved', 'paper'], perWindow: false, scale: 1 });
  });

  it('reads every flag', () => {
    const f = parseSampleFlags(['--split', 'train', '--windows', '7', '--seed', '3', '--minutes', '21', '--methods', 'paper', '--per-window'], d);
    expect(f).toEqual({ split: 'train', count: 7, seed: 3, minutes: 21, methods: ['paper'], perWindow: true, scale: 1 });
  });

  it('refuses a bad value naming the flag and what is valid', () => {
    expect(() => parseSampleFlags(['--split', 'toString'], d)).toThrow('--split: train or test (got toString)');
    expect(() => parseSampleFlags(['--split'], d)).toThrow(/got nothing/);
    expect(() => parseSampleFlags(['--windows', '0'], d)).toThrow(/--windows: a whole number of windows ≥ 1/);
    expect(() => parseSampleFlags(['--minutes', '1'], d)).toThrow(/--minutes: whole minutes from 2 to 1440/);
    expect(() => parseSampleFlags(['--methods', 'oracle'], d)).toThrow('--methods: unknown method "oracle" (known: improved, paper)');
  });

  it('documents the defaults it was given', () => {
    expect(sampleFlagsHelp({ windows: 30, minutes: 21 })).toMatch(/default 30\)[\s\S]*default 21\)/);
  });

  it('takes a trace file (and its scale) instead of a split, refusing what does not go with it', () => {
    expect(parseSampleFlags(['--trace-file', 'my.csv', '--scale', '0.5'], d)).toMatchObject({ traceFile: 'my.csv', scale: 0.5 });
    expect(() => parseSampleFlags(['--trace-file'], d)).toThrow(/--trace-file: the path of a trace file/);
    expect(() => parseSampleFlags(['--trace-file', '--windows', '3'], d)).toThrow(/--trace-file: the path/);
    expect(() => parseSampleFlags(['--trace-file', 'my.csv', '--split', 'train'], d)).toThrow(/--split: applies to the Twitter trace/);
    expect(() => parseSampleFlags(['--scale', '2'], d)).toThrow(/--scale: applies to --trace-file only/);
    expect(parseSampleFlags(['--trace-file', 'my.csv', '--column', 'tweets'], d)).toMatchObject({ column: 'tweets' });
    expect(() => parseSampleFlags(['--column', 'tweets'], d)).toThrow(/--column: .*with --trace-file/);
    expect(() => parseSampleFlags(['--trace-file', 'my.csv', '--scale', '0'], d)).toThrow(/--scale: a factor > 0 \(got 0\)/);
  });
});

describe('sampleSource', () => {
  it('draws from the whole file, scaled, undamped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sample-source-'));
    const file = join(dir, 'load.txt');
    writeFileSync(file, '10 20 30 40\n');
    const source = sampleSource(parseSampleFlags(['--trace-file', file, '--scale', '2'], { windows: 1, minutes: 2 }), 8);
    expect(Array.from(source.counts)).toEqual([20, 40, 60, 80]);
    expect(source).toMatchObject({ fromS: 0, toS: 4, damping: 1 });
    expect(source.label).toContain('load.txt');
  });

  it('reads the named column of a CSV', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sample-source-'));
    const file = join(dir, 'tweets.csv');
    writeFileSync(file, 'second,created,deleted\n0,5,1\n1,7,2\n2,9,3\n');
    expect(Array.from(sampleSource(parseSampleFlags(['--trace-file', file, '--column', 'created'], { windows: 1, minutes: 2 }), 8).counts)).toEqual([5, 7, 9]);
  });

  it('names a file it cannot read', () => {
    expect(() => sampleSource(parseSampleFlags(['--trace-file', '/nonexistent/x.txt'], { windows: 1, minutes: 2 }), 8)).toThrow(/x\.txt.*cannot read/);
  });
});
