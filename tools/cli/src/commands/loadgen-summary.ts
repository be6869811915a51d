import type { FailureCounts, LoadResult } from '@infscale/profiler';

export interface LoadSummary {
  url: string;
  trace: string;
  seconds: number;
  scale: number;
  seed: number;
  sent: number;
  ok: number;
  failed: number;
  /** Why the failed requests failed, by reason (e.g. {"ECONNREFUSED": 5}), as runLoad recorded them. */
  failures: FailureCounts;
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

export function summarize(result: LoadResult, run: Omit<LoadSummary, 'sent' | 'ok' | 'failed' | 'failures' | 'p50Ms' | 'p99Ms'>): LoadSummary {
  return {
    ...run,
    sent: result.sent,
    ok: result.ok,
    failed: result.failed,
    failures: result.failures,
    p50Ms: quantile(result.latenciesMs, 0.5),
    p99Ms: quantile(result.latenciesMs, 0.99),
  };
}

/** "ECONNREFUSED ×5, HTTP 503 ×2", most frequent first. */
export function formatFailures(failures: FailureCounts): string {
  return Object.entries(failures)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([kind, n]) => `${kind} ×${n}`)
    .join(', ');
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
