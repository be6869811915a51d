import { keptSeconds, splitTrace, undampedTest } from './dataset';
import { PRESETS } from './presets';

describe('splitTrace', () => {
  const oneDayPreset = (damping: number) => ({ ...PRESETS.ipa, damping, training: { ...PRESETS.ipa.training, trainDays: 1 } });

  it('splits at trainDays, damps with truncation and removes the seconds left at zero', () => {
    const trace = new Int32Array(2 * 86_400);
    trace[0] = 17; // → 2
    trace[1] = 7; // → 0, removed
    trace[5] = 8; // → 1
    trace[86_399] = 0; // removed
    trace[86_400] = 80; // first test second → 10
    trace[86_401] = 15; // → 1
    const split = splitTrace(trace, oneDayPreset(8));
    expect(Array.from(split.train)).toEqual([2, 1]);
    expect(Array.from(split.test)).toEqual([10, 1]);
  });

  it('keeps counts as they are with damping 1', () => {
    const trace = Int32Array.from({ length: 86_400 + 3 }, (_, i) => (i % 2 === 0 ? 3 : 0));
    const split = splitTrace(trace, oneDayPreset(1));
    expect(split.train.length).toBe(43_200);
    expect(Array.from(split.test)).toEqual([3, 3]);
  });

  it('keeps, aligned entry for entry with the test series, the undamped counts of the kept seconds', () => {
    const trace = new Int32Array(86_400 + 4);
    trace.set([80, 7, 0, 15], 86_400);
    expect(Array.from(keptSeconds(trace, 86_400, trace.length, 8))).toEqual([86_400, 86_403]);
    expect(Array.from(undampedTest(trace, oneDayPreset(8)))).toEqual([80, 15]);
    expect(Array.from(splitTrace(trace, oneDayPreset(8)).test)).toEqual([10, 1]);
  });
});
