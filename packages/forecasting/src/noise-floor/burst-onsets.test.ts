import { burstOnsets, nearOnsets } from './burst-onsets';

describe('burst onsets', () => {
  it('finds the second a load more than doubles, once per burst', () => {
    const trace = [...Array<number>(300).fill(60), ...Array<number>(300).fill(250), ...Array<number>(600).fill(60), ...Array<number>(200).fill(300)];
    // Checked every 5 s: the first check whose next 30 s average over twice the last 60 s.
    const onsets = burstOnsets(trace);
    expect(onsets).toHaveLength(2);
    expect(onsets[0]).toBeGreaterThan(300 - 30);
    expect(onsets[0]).toBeLessThanOrEqual(300);
    expect(onsets[1]).toBeGreaterThan(1200 - 30);
    expect(burstOnsets(Array<number>(2000).fill(100))).toEqual([]);
  });

  it('marks the windows that end from 120 s after an onset to 30 s before it', () => {
    expect(nearOnsets([100, 469, 470, 500, 620, 621], [500])).toEqual([false, false, true, true, true, false]);
  });
});
