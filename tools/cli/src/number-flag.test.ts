import { numberFlag, optionalNumberFlag } from './number-flag';

describe('numberFlag', () => {
  it.each([
    ['120', {}, 120],
    ['0.25', { min: 0, max: 1 }, 0.25],
    ['.5', {}, 0.5],
    ['-5', {}, -5],
    ['1e3', { integer: true }, 1000],
    [' 7 ', { integer: true }, 7],
  ])('%j (%j) → %d', (raw, range, n) => {
    expect(numberFlag('--x', raw, range)).toBe(n);
  });

  it.each([
    ['0x10', {}, '--load must be a decimal number, got "0x10"'],
    ['0b1', {}, '--load must be a decimal number, got "0b1"'],
    ['', {}, '--load must be a decimal number, got ""'],
    ['Infinity', {}, '--load must be a decimal number, got "Infinity"'],
    ['1e308', { min: 0, max: 1_000_000 }, '--load must be a decimal number from 0 to 1000000, got "1e308"'],
    ['1e400', {}, '--load must be a decimal number, got "1e400"'],
    ['2.5', { integer: true, min: 1 }, '--load must be a whole number ≥ 1, got "2.5"'],
    ['0', { above: 0, max: 1 }, '--load must be a decimal number > 0 and ≤ 1, got "0"'],
    ['1', { above: 0, below: 1 }, '--load must be a decimal number > 0 and < 1, got "1"'],
    ['12abc', {}, '--load must be a decimal number, got "12abc"'],
  ])('%j (%j) is refused, naming the flag: %s', (raw, range, message) => {
    expect(() => numberFlag('--load', raw, range)).toThrow(message);
  });

  it('leaves an absent optional flag undefined', () => {
    expect(optionalNumberFlag('--x', undefined)).toBeUndefined();
    expect(optionalNumberFlag('--x', '3')).toBe(3);
  });
});
