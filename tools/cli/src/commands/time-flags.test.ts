import { parseDurationSeconds, parseTimeFlag } from './time-flags';

describe('parseDurationSeconds', () => {
  it.each([
    ['1s', 1],
    ['15', 15],
    ['1m30s', 90],
    ['6h', 21_600],
    ['2d', 172_800],
    ['500ms', 0.5],
  ])('%s → %d s', (raw, s) => {
    expect(parseDurationSeconds('--step', raw)).toBe(s);
  });
  it.each(['0s', '-1s', '1x', 'abc', '', '0'])('refuses %j naming the flag', (raw) => {
    expect(() => parseDurationSeconds('--step', raw)).toThrow(/--step/);
  });
});

describe('parseTimeFlag', () => {
  const now = 1_800_000_000;
  it.each([
    ['now', now],
    ['now-1h', now - 3600],
    ['1700000000', 1_700_000_000],
    ['2026-12-01T10:00:00Z', Date.parse('2026-12-01T10:00:00Z') / 1000],
  ])('%s', (raw, s) => {
    expect(parseTimeFlag('--from', raw, now)).toBe(s);
  });
  it.each(['yesterday', 'now+1h', '2026-13-45', '0x10'])('refuses %j naming the flag', (raw) => {
    expect(() => parseTimeFlag('--from', raw, now)).toThrow(/--from/);
  });
});
