import { formatTable } from '../table';
import type { ComparisonResult } from '@infscale/experiments';

const BASE_COLUMNS = ['system', 'SLO viol. %', 'late', 'rejected', 'timed out', 'dropped', 'p99 ms', 'mean cores', 'core-s', 'accuracy', 'objective'];

/** The comparison as a table, one per result; `brief` leaves out the detail rows (the text output does). */
export function comparisonTable(result: ComparisonResult, brief = false): { header: string[]; rows: (string | number)[][] } {
  const extraKeys = [...new Set(result.rows.flatMap((r) => Object.keys(r.extra ?? {})))];
  return {
    header: [...BASE_COLUMNS, ...extraKeys],
    rows: result.rows
      .filter((r) => !brief || !r.detail)
      .map((r) => [
        r.system,
        round(r.sloViolationPct, 3),
        r.late ?? '',
        r.rejected ?? '',
        r.timedOut ?? '',
        r.dropped ?? '',
        round(r.p99LatencyMs, 1),
        round(r.meanCores, 2),
        round(r.coreSeconds, 0),
        round(r.accuracy, 4),
        round(r.objective, 4),
        ...extraKeys.map((k) => r.extra?.[k] ?? ''),
      ]),
  };
}

/** The table, then the issue's targets as the report states them (so they need no HTML to read). */
export function comparisonText(result: ComparisonResult): string {
  const t = comparisonTable(result, true);
  const hidden = result.rows.filter((r) => r.detail).length;
  const note = hidden > 0 ? `\n(${hidden} more rows, e.g. VPA sweep runs off their curve: --json and the HTML report list them)` : '';
  const targets = result.sections.find((s) => s.title === 'Targets')?.text;
  const lines = targets
    ? `\nTargets\n${targets
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n')}`
    : '';
  return `${result.scenario} — ${result.window}\n${formatTable(t.header, t.rows)}${note}${lines}`;
}

/** The machine-readable shape: {scenario, window, rows: [{system, sloViolationPct, …}]}. */
export function comparisonJson(result: ComparisonResult): string {
  return JSON.stringify({ scenario: result.scenario, window: result.window, rows: result.rows });
}

function round(n: number, digits: number): number | string {
  // A bound's row has no latency.
  if (Number.isNaN(n)) return '–';
  if (!Number.isFinite(n)) return n;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
