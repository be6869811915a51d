import { ManualClock } from '@infscale/core';
import { JsonLogger, isLogLevel } from './json-logger';
import { memoryJsonLogger } from './test-support/memory-log';

describe('JsonLogger', () => {
  it('writes one JSON object per line with time, level, message and fields', () => {
    const { logger, raw } = memoryJsonLogger('info', new ManualClock(Date.UTC(2024, 0, 2, 3, 4, 5)));
    logger.info('scaled', { deployment: 'web', replicas: 3 });
    expect(raw).toHaveLength(1);
    expect(raw[0].endsWith('\n')).toBe(true);
    expect(raw[0].split('\n')).toHaveLength(2);
    expect(JSON.parse(raw[0])).toEqual({ time: '2024-01-02T03:04:05.000Z', level: 'info', msg: 'scaled', deployment: 'web', replicas: 3 });
  });

  it('drops lines below its level and keeps those at or above', () => {
    const { logger, lines } = memoryJsonLogger('warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(lines().map((l) => l.level)).toEqual(['warn', 'error']);
  });

  it('silent writes nothing, debug writes everything', () => {
    const silent = memoryJsonLogger('silent');
    silent.logger.error('e');
    expect(silent.raw).toHaveLength(0);
    const debug = memoryJsonLogger('debug');
    debug.logger.debug('d');
    expect(debug.lines()[0]).toMatchObject({ level: 'debug', msg: 'd' });
  });

  it('a field cannot overwrite time, level or msg', () => {
    const { logger, lines } = memoryJsonLogger('info');
    logger.info('real', { msg: 'fake', level: 'error', time: 'never' });
    expect(lines()[0]).toMatchObject({ msg: 'real', level: 'info', time: '1970-01-01T00:00:00.000Z' });
  });

  it('serialises errors and bigints, and keeps the line when a field is cyclic', () => {
    const { logger, lines } = memoryJsonLogger('info');
    logger.error('failed', { error: new Error('boom'), big: 10n });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    logger.warn('odd', { cyclic });
    const [first, second] = lines();
    expect(first.error).toMatchObject({ message: 'boom', name: 'Error' });
    expect(first.big).toBe('10');
    expect(second).toMatchObject({ msg: 'odd', level: 'warn' });
    expect(String(second.logError)).toMatch(/not serialisable/);
  });

  it('child loggers add their fields to every line and keep the level', () => {
    const raw: string[] = [];
    const parent = new JsonLogger({ level: 'warn', write: (l) => void raw.push(l) });
    const child = parent.child({ scaler: 'hpa' });
    child.info('hidden');
    child.warn('shown', { n: 1 });
    expect(raw.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ scaler: 'hpa', n: 1, msg: 'shown' })]);
  });

  it('knows its levels', () => {
    expect(isLogLevel('warn')).toBe(true);
    expect(isLogLevel('verbose')).toBe(false);
  });
});
