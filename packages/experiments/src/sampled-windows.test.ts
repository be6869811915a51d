import { sampleWindowStarts, splitRange } from './sampled-windows';

describe('sampleWindowStarts', () => {
  const base = { fromS: 1000, toS: 5000, lengthS: 1200, count: 200, seed: 3 };

  it('draws every window inside the range, sorted, the same for the same seed', () => {
    const a = sampleWindowStarts(base);
    expect(a).toHaveLength(200);
    for (const s of a) {
      expect(s).toBeGreaterThanOrEqual(1000);
      expect(s + 1200).toBeLessThanOrEqual(5000);
    }
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    expect(sampleWindowStarts(base)).toEqual(a);
    expect(sampleWindowStarts({ ...base, seed: 4 })).not.toEqual(a);
  });

  it('spreads the windows over the whole range (not bunched at one end)', () => {
    const a = sampleWindowStarts({ ...base, count: 1000 });
    const room = 5000 - 1200 - 1000;
    const lowHalf = a.filter((s) => s - 1000 < room / 2).length;
    expect(lowHalf).toBeGreaterThan(400);
    expect(lowHalf).toBeLessThan(600);
    expect(Math.min(...a)).toBeLessThan(1000 + room * 0.02);
    expect(Math.max(...a)).toBeGreaterThan(1000 + room * 0.98);
  });

  it('fits a window exactly as long as the range', () => {
    expect(sampleWindowStarts({ ...base, toS: 2200, count: 3 })).toEqual([1000, 1000, 1000]);
  });

  it('refuses what cannot be drawn, naming the field', () => {
    expect(() => sampleWindowStarts({ ...base, count: 0 })).toThrow(/count/);
    expect(() => sampleWindowStarts({ ...base, count: 2.5 })).toThrow(/count/);
    expect(() => sampleWindowStarts({ ...base, lengthS: 0 })).toThrow(/lengthS/);
    expect(() => sampleWindowStarts({ ...base, toS: 2000 })).toThrow(/does not fit/);
    expect(() => sampleWindowStarts({ ...base, toS: Infinity })).toThrow(/finite/);
  });
});

describe('splitRange', () => {
  it('is the first 14 days for train and the rest of the trace for test', () => {
    expect(splitRange('train', 1_899_061)).toEqual({ fromS: 0, toS: 1_209_600 });
    expect(splitRange('test', 1_899_061)).toEqual({ fromS: 1_209_600, toS: 1_899_061 });
  });
});
