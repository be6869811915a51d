import { UsageError } from '../program';

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;

/** Seconds from a Prometheus-style duration (`15s`, `1m30s`, `6h`, `2d`) or a plain number of seconds. */
export function parseDurationSeconds(flag: string, raw: string): number {
  const text = raw.trim();
  let seconds: number;
  if (/^\d+(?:\.\d+)?$/.test(text)) seconds = Number(text);
  else if (DURATION.test(text)) {
    seconds = 0;
    for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) seconds += Number(m[1]) * UNIT_SECONDS[m[2]];
  } else throw new UsageError(`${flag} must be a duration such as 1s, 15s, 1m30s, 6h or 2d (or seconds), got "${raw}"`);
  if (!(seconds > 0) || !Number.isFinite(seconds)) throw new UsageError(`${flag} must be longer than 0, got "${raw}"`);
  return seconds;
}

/**
 * Unix seconds from `now`, `now-<duration>`, Unix seconds, or an ISO 8601 / RFC 3339 time
 * (`2026-12-01T10:00:00Z`). `nowS` is injected so the result is testable.
 */
export function parseTimeFlag(flag: string, raw: string, nowS: number): number {
  const text = raw.trim();
  if (text === 'now') return Math.floor(nowS);
  const relative = /^now-(.+)$/.exec(text);
  if (relative) return Math.floor(nowS - parseDurationSeconds(flag, relative[1]));
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.floor(Number(text));
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return Math.floor(ms / 1000);
  }
  throw new UsageError(`${flag} must be now, now-<duration> (e.g. now-6h), Unix seconds or an ISO 8601 time (e.g. 2026-12-01T10:00:00Z), got "${raw}"`);
}
