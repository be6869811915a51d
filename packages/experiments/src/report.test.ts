import { cdfPoints } from './report';

describe('cdfPoints', () => {
  it('computes an empirical CDF ending at 1', () => {
    expect(cdfPoints([3, 1, 2, 4])).toEqual([
      [1, 0.25],
      [2, 0.5],
      [3, 0.75],
      [4, 1],
    ]);
    expect(cdfPoints([])).toEqual([]);
    expect(cdfPoints([NaN, 5])).toEqual([[5, 1]]);
  });
});
