import { fillRange } from './trace-record-fill';

describe('fillRange', () => {
  it('writes every second of the requested range: gaps before, between and after the samples as 0', () => {
    const recorded = {
      points: [
        { t: 102, v: 5 },
        { t: 104, v: 7 },
      ],
      missing: 5,
      chunks: 1,
    };
    const { range, zeroFilled, negative } = fillRange(recorded, 100, 106, 1);
    expect(range.points).toEqual([
      { t: 100, v: 0 },
      { t: 101, v: 0 },
      { t: 102, v: 5 },
      { t: 103, v: 0 },
      { t: 104, v: 7 },
      { t: 105, v: 0 },
      { t: 106, v: 0 },
    ]);
    expect([zeroFilled, negative, range.missing]).toEqual([5, 0, 5]);
  });

  it('writes negative values as 0 and counts them', () => {
    const recorded = {
      points: [
        { t: 0, v: -2 },
        { t: 15, v: 3.5 },
        { t: 30, v: -0.1 },
      ],
      missing: 0,
      chunks: 1,
    };
    const { range, zeroFilled, negative } = fillRange(recorded, 0, 30, 15);
    expect(range.points.map((p) => p.v)).toEqual([0, 3.5, 0]);
    expect([zeroFilled, negative]).toEqual([0, 2]);
  });
});
