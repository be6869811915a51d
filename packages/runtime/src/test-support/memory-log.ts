import { JsonLogger, type LogLevel } from '../json-logger';
import { ManualClock } from '@infscale/core';

/** A JsonLogger that keeps its lines, parsed, for assertions. */
export function memoryJsonLogger(level: LogLevel = 'debug', clock = new ManualClock(0)) {
  const raw: string[] = [];
  const logger = new JsonLogger({ level, clock, write: (line) => void raw.push(line) });
  const lines = () => raw.map((l) => JSON.parse(l) as Record<string, unknown> & { level: string; msg: string });
  return { logger, raw, lines };
}
