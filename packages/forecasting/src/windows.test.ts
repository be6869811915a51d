import { blockInputs, buildWindows, stepMaxima } from './windows';

const series = [1, 5, 2, 0, 3, 7, 4, 4, 9, 1];
const spec = { stepSeconds: 2, inputSteps: 2, horizonSeconds: 3 };

describe('stepMaxima', () => {
  it('reduces the blocks ending at `end` to their maxima, oldest first', () => {
    expect(stepMaxima(series, 4, spec)).toEqual([5, 2]);
    expect(stepMaxima(series, 10, spec)).toEqual([4, 9]);
  });

  it('treats seconds before the series as zero load', () => {
    expect(stepMaxima(series, 2, spec)).toEqual([0, 5]);
  });
});

describe('buildWindows', () => {
  it('slides one step at a time, target = max of the next horizon', () => {
    const w = buildWindows(series, spec);
    expect(w.count).toBe(2);
    expect(Array.from(w.inputs)).toEqual([5, 2, 2, 7]);
    expect(Array.from(w.targets)).toEqual([7, 9]);
    expect(Array.from(w.ends)).toEqual([4, 6]);
  });

  it('with max,mean, gives each block its max then its mean, block by block', () => {
    const w = buildWindows(series, spec, 1, ['max', 'mean']);
    expect(w.features).toEqual(['max', 'mean']);
    expect(Array.from(w.inputs)).toEqual([5, 3, 2, 1, 2, 1, 7, 5]);
    expect(Array.from(w.targets)).toEqual([7, 9]);
    expect(blockInputs(series, 4, spec, ['max', 'mean'])).toEqual([5, 3, 2, 1]);
  });

  it('keeps every n-th window with a stride', () => {
    const w = buildWindows(series, spec, 2);
    expect(w.count).toBe(1);
    expect(Array.from(w.targets)).toEqual([7]);
  });

  it('matches InfAdapter: 10 one-minute maxima → max of the next minute', () => {
    const perSecond = Array.from({ length: 11 * 60 }, (_, i) => (i % 60 === 30 ? Math.floor(i / 60) * 10 : 1));
    const w = buildWindows(perSecond, { stepSeconds: 60, inputSteps: 10, horizonSeconds: 60 });
    expect(w.count).toBe(1);
    expect(Array.from(w.inputs)).toEqual([1, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(w.targets[0]).toBe(100);
  });

  it('gives no windows for a series shorter than input + horizon', () => {
    expect(buildWindows(series.slice(0, 6), spec).count).toBe(0);
  });

  it('rejects a malformed spec', () => {
    expect(() => buildWindows(series, { ...spec, stepSeconds: 0 })).toThrow(/stepSeconds/);
  });
});
