import type { Clock, Logger } from '@infscale/core';
import { systemClock } from '@infscale/core';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

export interface JsonLoggerOptions {
  level?: LogLevel;
  /** Where each line goes (with its trailing newline); stdout by default. */
  write?: (line: string) => void;
  clock?: Clock;
  /** Fields on every line, e.g. { scaler: 'hpa' }. */
  base?: Record<string, unknown>;
}

/**
 * core's Logger as JSON lines — {"time","level","msg",...fields} — the shape log collectors
 * (Loki, Fluent Bit, Cloud Logging) parse without configuration. Errors become their message and
 * stack, bigints become strings, and a field that cannot be serialised never loses the line.
 */
export class JsonLogger implements Logger {
  private readonly threshold: number;
  private readonly write: (line: string) => void;
  private readonly clock: Clock;
  private readonly base: Record<string, unknown>;

  constructor(options: JsonLoggerOptions = {}) {
    this.threshold = RANK[options.level ?? 'info'];
    this.write = options.write ?? ((line) => void process.stdout.write(line));
    this.clock = options.clock ?? systemClock;
    this.base = options.base ?? {};
  }

  /** A logger writing to the same place with more fields on every line. */
  child(fields: Record<string, unknown>): JsonLogger {
    const level = LOG_LEVELS.find((l) => RANK[l] === this.threshold) ?? 'info';
    return new JsonLogger({ level, write: this.write, clock: this.clock, base: { ...this.base, ...fields } });
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] >= this.threshold && level !== 'silent';
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.log('debug', message, fields);
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.log('info', message, fields);
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.log('warn', message, fields);
  }

  error(message: string, fields?: Record<string, unknown>): void {
    this.log('error', message, fields);
  }

  private log(level: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>): void {
    if (!this.enabled(level)) return;
    // time, level and msg come first and cannot be overwritten by a field of the same name.
    const head = { time: new Date(this.clock.now()).toISOString(), level, msg: message };
    this.write(serialise({ ...head, ...this.base, ...fields, ...head }) + '\n');
  }
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { message: value.message, name: value.name, stack: value.stack };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function serialise(entry: Record<string, unknown>): string {
  try {
    return JSON.stringify(entry, replacer);
  } catch (err) {
    // A cyclic field: keep the message and say why the fields are missing.
    return JSON.stringify({ time: entry.time, level: entry.level, msg: entry.msg, logError: `fields not serialisable: ${String(err)}` });
  }
}
