import { choiceFlag, jsonObjectFlag, knownListFlag, listFlag, numberFlag } from './report-flags';

describe('report flags', () => {
  it('listFlag: the default when absent, every value for "all", refuses an empty list', () => {
    expect(listFlag([], '--p', ['a'], ['a', 'b'])).toEqual(['a']);
    expect(listFlag(['--p', 'all'], '--p', ['a'], ['a', 'b'])).toEqual(['a', 'b']);
    expect(listFlag(['--p', 'b,a'], '--p', ['a'], ['a', 'b'])).toEqual(['b', 'a']);
    expect(() => listFlag(['--p', ','], '--p', ['a'], ['a', 'b'])).toThrow(/--p: a comma-separated list or "all" \(known: a, b\)/);
  });

  it('knownListFlag: refuses a value not among the known ones, naming the flag and listing them', () => {
    expect(knownListFlag(['--m', 'b'], '--m', ['a'], ['a', 'b'], 'method')).toEqual(['b']);
    expect(knownListFlag([], '--m', ['a'], ['a', 'b'], 'method')).toEqual(['a']);
    expect(() => knownListFlag(['--m', 'a,c'], '--m', ['a'], ['a', 'b'], 'method')).toThrow('--m: unknown method "c" (known: a, b)');
  });

  it('choiceFlag: the default when absent, one of the known values, refused by name otherwise', () => {
    expect(choiceFlag([], '--start', 'paper', ['paper', 'own'])).toBe('paper');
    expect(choiceFlag(['--start', 'own'], '--start', 'paper', ['paper', 'own'])).toBe('own');
    expect(() => choiceFlag(['--start', 'warm'], '--start', 'paper', ['paper', 'own'])).toThrow('--start: one of paper, own (got warm)');
    expect(() => choiceFlag(['--start'], '--start', 'paper', ['paper', 'own'])).toThrow('--start: one of paper, own (got nothing)');
  });

  it('numberFlag: the default when absent, refuses what is not valid, naming the flag and the value', () => {
    const whole = (n: number) => Number.isInteger(n) && n >= 1;
    expect(numberFlag([], '--n', 40, whole, 'a whole number ≥ 1')).toBe(40);
    expect(numberFlag(['--n', '7'], '--n', 40, whole, 'a whole number ≥ 1')).toBe(7);
    expect(() => numberFlag(['--n', '0'], '--n', 40, whole, 'a whole number ≥ 1')).toThrow('--n: a whole number ≥ 1 (got 0)');
    expect(() => numberFlag(['--n', ''], '--n', 40, whole, 'a whole number ≥ 1')).toThrow(/got \)/);
    expect(() => numberFlag(['--n'], '--n', 40, whole, 'a whole number ≥ 1')).toThrow(/got nothing/);
  });

  it('jsonObjectFlag: {} when absent, the object, refuses bad JSON and non-objects with an example', () => {
    expect(jsonObjectFlag([], '--j', '{"a": 1}')).toEqual({});
    expect(jsonObjectFlag(['--j', '{"a": 1}'], '--j', '{"a": 1}')).toEqual({ a: 1 });
    expect(() => jsonObjectFlag(['--j', '{a'], '--j', '{"a": 1}')).toThrow(/--j: a JSON object, e.g. '\{"a": 1\}'/);
    expect(() => jsonObjectFlag(['--j', '[1]'], '--j', '{"a": 1}')).toThrow(/--j: a JSON object/);
    expect(() => jsonObjectFlag(['--j', 'null'], '--j', '{"a": 1}')).toThrow(/--j: a JSON object/);
    // A key another flag sets would be overwritten without a word: refused, saying which flag sets it.
    const refused = { improved: 'give it with --improved-settings' };
    expect(() => jsonObjectFlag(['--j', '{"a": 1, "improved": {}}'], '--j', '{"a": 1}', refused)).toThrow(
      '--j: "improved" is not taken here: give it with --improved-settings',
    );
    expect(jsonObjectFlag(['--j', '{"a": 1}'], '--j', '{"a": 1}', refused)).toEqual({ a: 1 });
  });
});
