import type { LoadResult } from '@infscale/profiler';
import type { FailureReasons } from './loadgen-failures';

export interface LoadSummary {
  url: string;
  trace: string;
  seconds: number;
  scale: number;
  seed: number;
  sent: number;
  ok: number;
  failed: number;
  /** Why the failed requests failed, by kind (e.g. {"ECONNREFUSED": 5}). */
  failures: FailureReasons;
  /** Latency of answered requests (ms); null when none was answered. */
  p50Ms: number | null;
  p99Ms: number | null;
  durationS: number;
}

/** Nearest-rank quantile of unsorted values, or null for none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function summarize(
  result: LoadResult,
  failures: FailureReasons,
  run: Omit<LoadSummary, 'sent' | 'ok' | 'failed' | 'failures' | 'p50Ms' | 'p99Ms'>,
): LoadSummary {
  return {
    ...run,
    sent: result.sent,
    ok: result.ok,
    failed: result.failed,
    failures,
    p50Ms: quantile(result.latenciesMs, 0.5),
    p99Ms: quantile(result.latenciesMs, 0.99),
  };
}

/** Per-second counts of a trace window, multiplied by `scale` and cut to `maxSeconds`. */
export function scaledCounts(values: readonly number[], scale: number, maxSeconds?: number): number[] {
  return values.slice(0, maxSeconds ?? values.length).map((v) => v * scale);
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** True for http(s) URLs on the loopback interface (the only place loadgen sends by default). */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}
