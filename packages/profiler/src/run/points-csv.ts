import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { DataError, parseCsv, splitCsvLine } from '@infscale/profiles';
import type { Measurement } from '../search/measurement';
import type { SearchPhase } from '../search/capacity-search';

/**
 * One measured point as the points CSV keeps it: a probe (variant, cores, rate, lengths) judged
 * against one SLO. A probe writes one row per SLO of the run, so every SLO's search reads it.
 */
export interface StoredPoint extends Measurement {
  variant: string;
  cores: number;
  sloMs: number;
  quantile: number;
  /** Probes of one variant and core count, numbered from 1: the rows of one probe share it. */
  probe: number;
  phase: SearchPhase;
  /** When the probe started (ISO 8601). */
  time: string;
}

export const POINT_COLUMNS = [
  'variant',
  'cores',
  'slo_ms',
  'quantile',
  'probe',
  'phase',
  'rate_rps',
  'duration_s',
  'warmup_s',
  'requests',
  'over_slo',
  'quantile_ms',
  'throughput_rps',
  'time',
] as const;

const cell = (v: string | number): string =>
  typeof v === 'number' ? (Number.isFinite(v) ? String(Number(v.toFixed(3))) : 'inf') : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;

export function pointLine(p: StoredPoint): string {
  return [
    p.variant,
    p.cores,
    p.sloMs,
    p.quantile,
    p.probe,
    p.phase,
    p.rateRps,
    p.durationS,
    p.warmupS,
    p.requests,
    p.overSlo,
    p.quantileMs,
    p.throughputRps,
    p.time,
  ]
    .map(cell)
    .join(',');
}

/** Every point of a points CSV; a missing file has none. Rows that do not parse are DataErrors naming the line and field. */
export function readPoints(file: string): StoredPoint[] {
  if (!existsSync(file)) return [];
  const rows = parseCsv(readFileSync(file, 'utf8'), file, POINT_COLUMNS);
  return rows.map((r) => {
    const phase = r.text('phase');
    if (phase !== 'bracket' && phase !== 'refine') throw new DataError(file, r.line, 'phase', `"${phase}" is not bracket or refine`);
    const quantileMs = r.text('quantile_ms') === 'inf' ? Infinity : r.number('quantile_ms', 0);
    const requests = r.integer('requests', 0);
    return {
      variant: r.text('variant'),
      cores: r.number('cores', 0),
      sloMs: r.number('slo_ms', 0),
      quantile: r.number('quantile', 0, 1),
      probe: r.integer('probe', 1),
      phase,
      rateRps: r.number('rate_rps', 0),
      durationS: r.number('duration_s', 0),
      warmupS: r.number('warmup_s', 0),
      requests,
      overSlo: r.integer('over_slo', 0, requests),
      quantileMs,
      throughputRps: r.number('throughput_rps', 0),
      time: r.text('time'),
    };
  });
}

/** Appends points, writing the header first to a new file; refuses a file with another header. */
export function appendPoints(file: string, points: readonly StoredPoint[]): void {
  if (points.length === 0) return;
  if (existsSync(file)) {
    const header = splitCsvLine(readFileSync(file, 'utf8').split(/\r?\n/, 1)[0] ?? '');
    if (header.join(',') !== POINT_COLUMNS.join(','))
      throw new DataError(file, 1, undefined, `not a points file of infscale profile (header ${header.join(',')}; expected ${POINT_COLUMNS.join(',')})`);
  } else {
    appendFileSync(file, POINT_COLUMNS.join(',') + '\n');
  }
  appendFileSync(file, points.map(pointLine).join('\n') + '\n');
}
