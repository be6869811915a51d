import type { PrometheusClient } from './prometheus-client';
import { rangeChunks, PROMETHEUS_MAX_POINTS, type RangeChunk } from './range-chunks';

export interface RecordRangeOptions {
  query: string;
  fromS: number;
  toS: number;
  stepS: number;
  maxPoints?: number;
  /** Called after each chunk, for a progress bar. */
  onChunk?: (done: number, total: number, chunk: RangeChunk) => void;
}

export interface RecordedRange {
  /** Unix seconds and value of every point Prometheus returned, in time order. */
  points: Array<{ t: number; v: number }>;
  /** Grid points with no sample (no data, or NaN): a trace file leaves them out, so they read as 0. */
  missing: number;
  chunks: number;
}

/** Why a recording stopped: which chunk, and what Prometheus said. */
export class RecordRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordRangeError';
  }
}

/**
 * One series of `query` from `fromS` to `toS` at `stepS`, as consecutive range queries under
 * Prometheus' points limit. The query must yield one series: a trace is one number per second, so
 * several series (e.g. one per pod) must be summed in PromQL, not guessed at here.
 */
export async function recordRange(client: PrometheusClient, options: RecordRangeOptions): Promise<RecordedRange> {
  const chunks = rangeChunks(options.fromS, options.toS, options.stepS, options.maxPoints ?? PROMETHEUS_MAX_POINTS);
  const points: Array<{ t: number; v: number }> = [];
  let expected = 0;
  for (const [i, chunk] of chunks.entries()) {
    const answer = await client.range(options.query, chunk.startS * 1000, chunk.endS * 1000, options.stepS);
    const span = `${new Date(chunk.startS * 1000).toISOString()} … ${new Date(chunk.endS * 1000).toISOString()}`;
    if (answer.kind === 'failed') throw new RecordRangeError(`range query ${i + 1}/${chunks.length} (${span}) failed: ${answer.reason}`);
    if (answer.series.length > 1) {
      const labels = answer.series
        .slice(0, 3)
        .map((s) => JSON.stringify(s.labels))
        .join(', ');
      throw new RecordRangeError(
        `the query returned ${answer.series.length} series (${labels}${answer.series.length > 3 ? ', …' : ''}); a trace is one series: wrap it in sum(…)`,
      );
    }
    for (const s of answer.series[0]?.samples ?? []) {
      if (Number.isFinite(s.v)) points.push({ t: Math.round(s.t / 1000), v: s.v });
    }
    expected += chunk.points;
    options.onChunk?.(i + 1, chunks.length, chunk);
  }
  return { points, missing: expected - points.length, chunks: chunks.length };
}

/** The recording as a CSV trace file (header `timestamp,rate`), which loadTraceFile reads back. */
export function rangeAsTraceCsv(recorded: RecordedRange): string {
  const lines = ['timestamp,rate'];
  for (const p of recorded.points) lines.push(`${p.t},${plainDecimal(Math.max(0, p.v))}`);
  return lines.join('\n') + '\n';
}

/** A number without exponent notation (trace files accept plain decimals only), to 6 decimals. */
function plainDecimal(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return String(v);
  return v.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}
