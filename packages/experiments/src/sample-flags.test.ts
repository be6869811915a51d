import { parseSampleFlags, sampleFlagsHelp } from './sample-flags';

describe('parseSampleFlags', () => {
  const d = { windows: 40, minutes: 20 };

  it('gives the defaults: the test split, seed 1, both methods', () => {
    expect(parseSampleFlags([], d)).toEqual({ split: 'test', count: 40, seed: 1, minutes: 20, methods: ['improved', 'paper'], perWindow: false });
  });

  it('reads every flag', () => {
    const f = parseSampleFlags(['--split', 'train', '--windows', '7', '--seed', '3', '--minutes', '21', '--methods', 'paper', '--per-window'], d);
    expect(f).toEqual({ split: 'train', count: 7, seed: 3, minutes: 21, methods: ['paper'], perWindow: true });
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
});
