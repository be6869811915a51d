import type { IntervalRow, SimSummary } from './types';

const COLUMNS: (keyof IntervalRow)[] = [
  'startS',
  'arrivals',
  'completed',
  'onTime',
  'late',
  'dropped',
  'rejected',
  'timedOut',
  'violationRate',
  'p50Ms',
  'p99Ms',
  'meanCores',
  'pods',
  'accuracy',
  'decisions',
];

function cell(v: number): string {
  if (Number.isNaN(v)) return '';
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}

/** The time series as CSV, one row per interval, with a header. NaN (nothing measured) is empty. */
export function seriesToCsv(rows: readonly IntervalRow[]): string {
  const lines = [COLUMNS.join(',')];
  for (const row of rows) lines.push(COLUMNS.map((c) => cell(row[c])).join(','));
  return lines.join('\n') + '\n';
}

/** JSON with NaN written as null (JSON has no NaN). */
export function toJson(value: { summary: SimSummary; series?: readonly IntervalRow[] } | SimSummary | readonly IntervalRow[], indent?: number): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), indent);
}
