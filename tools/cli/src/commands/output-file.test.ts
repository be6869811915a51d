import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../test-support/capture-io';
import { checkOutputFile, checkOutputFolder, writeOutputFile } from './output-file';

let dir: string;
let folder: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'infscale-output-file-'));
  folder = join(dir, 'a-folder');
  mkdirSync(folder);
  file = join(dir, 'a-file.txt');
  writeFileSync(file, 'mine\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('output path checks', () => {
  it('refuses a folder, a missing folder, a file as folder and an existing file without replace', () => {
    expect(() => checkOutputFile('-o', folder)).toThrow(/^-o .*a-folder: it is a folder; name a file/);
    expect(() => checkOutputFile('-o', join(dir, 'nope', 'x.csv'))).toThrow(/-o .*x\.csv: the folder .*nope does not exist/);
    expect(() => checkOutputFile('-o', join(file, 'x.csv'))).toThrow(/a-file\.txt is a file, not a folder/);
    expect(() => checkOutputFile('-o', file)).toThrow(/a-file\.txt exists: choose another -o or pass --force/);
    expect(() => checkOutputFile('-o', file, { replace: true })).not.toThrow();
    expect(() => checkOutputFile('-o', join(dir, 'new.csv'))).not.toThrow();
  });

  it('accepts a new or existing folder (missing parents included), refuses a file or a path under one', () => {
    expect(() => checkOutputFolder('--out', folder)).not.toThrow();
    expect(() => checkOutputFolder('--out', join(dir, 'new', 'deeper'))).not.toThrow();
    expect(() => checkOutputFolder('--out', file)).toThrow(/^--out .*a-file\.txt: it is a file; name a folder/);
    expect(() => checkOutputFolder('--out', join(file, 'sub'))).toThrow(/a-file\.txt is a file, not a folder/);
  });

  it('a failed write names the flag and the reason and leaves no .partial', () => {
    const target = join(dir, 'nope', 'x.csv');
    expect(() => writeOutputFile('--series', target, 'data')).toThrow(/^--series .*x\.csv: cannot write: no such file or folder \(ENOENT\)/);
    // The .partial is written beside a folder of the target's name, then the rename onto the folder fails: it must go.
    expect(() => writeOutputFile('--series', folder, 'data')).toThrow(/^--series .*a-folder: cannot write: /);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});

describe('commands check their files before the work (exit 2, the flag, no stack)', () => {
  const badCsv = () => {
    const p = join(dir, 'bad.points.csv');
    writeFileSync(p, 'count\nabc\n');
    return p;
  };
  const cases: [string, () => string[], RegExp][] = [
    ['trace show, --trace-file a folder', () => ['trace', 'show', '--trace-file', folder], /--trace-file .*a-folder: is a folder, not a trace file/],
    ['simulate, --trace-file a folder', () => ['simulate', '--scaler', 'hpa', '--trace-file', folder], /--trace-file .*a-folder: is a folder/],
    [
      'simulate --series in a missing folder',
      () => ['simulate', '--scaler', 'infadapter', '--window', 'segment', '--series', join(dir, 'nope', 'x.csv')],
      /--series .*x\.csv: the folder .*nope does not exist/,
    ],
    [
      'simulate --series a folder',
      () => ['simulate', '--scaler', 'infadapter', '--window', 'segment', '--series', folder],
      /--series .*a-folder: it is a folder; name a file/,
    ],
    ['compare --out a file', () => ['compare', '--scenario', 'infadapter', '--out', file], /--out .*a-file\.txt: it is a file; name a folder/],
    ['trace synth -o a folder, even with --force', () => ['trace', 'synth', '--shape', 'sine', '-o', folder, '--force'], /-o .*a-folder: it is a folder/],
    [
      'trace record -o in a missing folder',
      () => ['trace', 'record', '--prometheus', 'http://127.0.0.1:9', '--query', 'up', '--from', 'now-1h', '-o', join(dir, 'nope', 'r.csv')],
      /-o .*r\.csv: the folder .*nope does not exist/,
    ],
    [
      'profile -o in a missing folder',
      () => ['profile', '--url', 'http://127.0.0.1:9/predict', '--variant', 'v', '--accuracy', '0.5', '--cores', '1', '-o', join(dir, 'nope', 'p.yaml')],
      /-o .*p\.yaml: the folder .*nope does not exist/,
    ],
    [
      'profile --points a bad CSV',
      () => [
        'profile',
        '--url',
        'http://127.0.0.1:9/predict',
        '--variant',
        'v',
        '--accuracy',
        '0.5',
        '--cores',
        '1',
        '-o',
        join(dir, 'p.yaml'),
        '--points',
        badCsv(),
      ],
      /--points .*bad\.points\.csv, row 1, field "variant": missing column/,
    ],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const r = await runCaptured(...args());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(`${folder}.partial`)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
  });
});
