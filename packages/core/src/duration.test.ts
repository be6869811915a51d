import { durationSchema, formatDuration, MAX_DURATION_MS, parseDuration, parseDurationText, readDuration } from './duration';
import { parseConfig } from './config';

describe('parseDurationText (Go time.ParseDuration grammar, in ms)', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1h2m3s4ms', 3_723_004],
    ['1.5s', 1_500],
    ['.5s', 500],
    ['2000us', 2],
    ['0', 0],
    ['+10s', 10_000],
    ['-1s', -1_000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDurationText(text)).toEqual({ ms });
  });

  it.each([
    ['', /empty/],
    ['30', /needs a unit/],
    ['1.5', /needs a unit/],
    ['10d', /unknown unit "d"/],
    ['s', /not a duration/],
    ['fast', /not a duration/],
    ['1m 30s', /not a duration/],
    ['30s!', /not a duration/],
  ])('%j is refused: %s', (text, why) => {
    const r = parseDurationText(text);
    expect('error' in r && r.error).toMatch(why);
  });
});

describe('readDuration', () => {
  it('keeps whole milliseconds given as numbers (the older schemas accepted them)', () => {
    expect(readDuration(30_000)).toEqual({ ms: 30_000 });
  });

  it.each([
    [0, /> 0/],
    ['0s', /> 0/],
    ['-5s', /> 0/],
    ['1200h', /at most 24h \(86400000 ms\)/],
    [2 ** 31, /at most 24h/],
    [Infinity, /finite/],
    [1.5, /whole number of milliseconds/],
    ['1500us', /whole number of milliseconds/],
    [true, /500ms, 30s, 1m30s or 1h/],
  ])('%j is refused: %s', (value, why) => {
    const r = readDuration(value);
    expect('error' in r && r.error).toMatch(why);
  });

  it('accepts 0 where allowed, and a smaller maximum', () => {
    expect(readDuration('0s', { allowZero: true })).toEqual({ ms: 0 });
    expect(readDuration('2m', { maxMs: 60_000 })).toEqual({ error: 'must be at most 1m (60000 ms)' });
  });

  it("never lets a duration reach setTimeout's overflow (2^31 − 1 ms)", () => {
    expect(MAX_DURATION_MS).toBeLessThan(2 ** 31 - 1);
  });
});

describe('durationSchema', () => {
  const schema = durationSchema();

  it('parses text and numbers to ms, and again what it produced', () => {
    expect(schema.parse('1m30s')).toBe(90_000);
    expect(schema.parse(schema.parse('2s'))).toBe(2_000);
  });

  it('names the field, what is wrong and the grammar', () => {
    expect(() => parseConfig(durationSchema(), '0s', 'cfg.yaml')).toThrow(/must be > 0; a duration such as 500ms, 30s, 1m30s or 1h.*got "0s"/);
  });
});

describe('parseDuration and formatDuration', () => {
  it('throws naming what was read', () => {
    expect(() => parseDuration('1y', '--interval')).toThrow('--interval unknown unit "y" (use ns, us, ms, s, m or h) (got "1y")');
  });

  it.each([
    [90_000, '1m30s'],
    [1_500, '1.5s'],
    [250, '250ms'],
    [3_600_000, '1h'],
    [0, '0s'],
  ])('%d ms → %s, which parses back', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDurationText(text)).toEqual({ ms });
  });
});
