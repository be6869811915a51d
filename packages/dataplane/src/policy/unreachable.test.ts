import { cannotFinish, RecentLeast } from './unreachable';

describe('cannotFinish', () => {
  it('is true only when the time left is under the least time needed', () => {
    expect(cannotFinish(1000, 800, 250)).toBe(true);
    expect(cannotFinish(1000, 800, 200)).toBe(false);
    expect(cannotFinish(1000, 1200, 0)).toBe(true);
    expect(cannotFinish(1000, 1000, 0)).toBe(false);
  });
});

describe('RecentLeast', () => {
  it('is the least of the last samples; old ones leave', () => {
    const least = new RecentLeast(3);
    expect(least.least()).toBeUndefined();
    least.add(120);
    least.add(90);
    least.add(150);
    expect(least.least()).toBe(90);
    least.add(200);
    least.add(180);
    expect(least.least()).toBe(150);
    least.add(170);
    expect(least.least()).toBe(170);
  });

  it('ignores what is no duration, and refuses a bad size', () => {
    const least = new RecentLeast(2);
    least.add(Number.NaN);
    least.add(-5);
    least.add(Infinity);
    expect(least.least()).toBeUndefined();
    expect(() => new RecentLeast(0)).toThrow(/size/);
  });
});
