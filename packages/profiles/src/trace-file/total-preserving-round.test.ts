import { mulberry32 } from '@infscale/core';
import { roundKeepingTotal } from './total-preserving-round';
import { movingMean } from './moving-mean';

describe('roundKeepingTotal', () => {
  it('keeps every prefix total within half a request, on random fractional series', () => {
    const rand = mulberry32(7);
    for (let trial = 0; trial < 50; trial++) {
      const xs = Array.from({ length: 200 }, () => rand() * (trial % 5) * 3);
      const out = roundKeepingTotal(xs);
      let a = 0;
      let b = 0;
      for (let i = 0; i < xs.length; i++) {
        a += xs[i];
        b += out[i];
        expect(Math.abs(a - b)).toBeLessThanOrEqual(0.5 + 1e-9);
        expect(out[i]).toBeGreaterThanOrEqual(Math.floor(xs[i]) - 1);
        expect(out[i]).toBeLessThanOrEqual(Math.ceil(xs[i]) + 1);
      }
    }
  });

  it('leaves whole counts as they are', () => {
    expect(Array.from(roundKeepingTotal([3, 0, 7]))).toEqual([3, 0, 7]);
  });
});

describe('movingMean', () => {
  it('averages a centered window and the available part at the edges', () => {
    expect(Array.from(movingMean([0, 3, 6, 9], 3))).toEqual([1.5, 3, 6, 7.5]);
    expect(Array.from(movingMean([4, 0, 0, 0], 2))).toEqual([2, 0, 0, 0]);
  });
});
