import { levelSeconds, validateInputFeatures, writeWindowInputs } from './input-features';

const spec = { stepSeconds: 2, inputSteps: 2, horizonSeconds: 1 };

describe('writeWindowInputs', () => {
  it('writes each block its max then its mean, oldest block first, at the offset asked', () => {
    const out = [0, 0, 0, 0, 0];
    writeWindowInputs([1, 5, 2, 0], 4, spec, ['max', 'mean'], out, 1);
    expect(out).toEqual([0, 5, 3, 2, 1]);
  });

  it('counts seconds before the series as zero load in a block mean', () => {
    const out = [0, 0, 0, 0];
    writeWindowInputs([4, 8], 2, spec, ['max', 'mean'], out);
    expect(out).toEqual([0, 0, 8, 6]);
  });

  it('repeats a level (the mean of the last S seconds) at every step, over the history there is when shorter', () => {
    const series = [10, 10, 1, 5, 2, 0];
    const out = [0, 0, 0, 0];
    writeWindowInputs(series, 6, spec, ['max', 'level4'], out);
    expect(out).toEqual([5, 2, 2, 2]); // (1 + 5 + 2 + 0) / 4
    writeWindowInputs(series, 6, spec, ['max', 'level60'], out);
    expect(out).toEqual([5, 28 / 6, 2, 28 / 6]);
  });
});

describe('validateInputFeatures', () => {
  it('accepts max alone, block means and levels', () => {
    expect(validateInputFeatures(['max'])).toEqual(['max']);
    expect(validateInputFeatures(['max', 'mean', 'level600', 'level1800'])).toEqual(['max', 'mean', 'level600', 'level1800']);
    expect(levelSeconds('level600')).toBe(600);
    expect(levelSeconds('mean')).toBeUndefined();
  });

  it('names the field and what would be valid', () => {
    expect(() => validateInputFeatures([], '--features')).toThrow(/--features is empty: expected a comma-separated list of max, mean, level<seconds>/);
    expect(() => validateInputFeatures(['max', 'median'], '--features')).toThrow(/--features: unknown feature "median"/);
    expect(() => validateInputFeatures(['max', 'level0'])).toThrow(/unknown feature "level0"/);
    expect(() => validateInputFeatures(['max', 'level1.5'])).toThrow(/unknown feature "level1.5"/);
    expect(() => validateInputFeatures(['max', 'level86401'])).toThrow(/level86401 spans more than a day/);
    expect(() => validateInputFeatures(['max', 'max'])).toThrow(/repeats a feature/);
    expect(() => validateInputFeatures(['mean', 'max'])).toThrow(/must start with max/);
  });
});
