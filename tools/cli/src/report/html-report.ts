import type { ReportSection } from '@infscale/experiments';
import { escapeXml, lineChart } from './svg-chart';

export interface ReportSpec {
  title: string;
  subtitle: string;
  table: { header: readonly string[]; rows: readonly (readonly (string | number)[])[] };
  sections: readonly ReportSection[];
  /** Shown at the bottom: the command that produced the report, seeds, versions. */
  provenance: string;
}

function cell(v: string | number): string {
  return typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) >= 100 ? 1 : 3)) : escapeXml(v);
}

/** One self-contained HTML file: a table and inline SVG charts, no scripts, no external assets. */
export function renderHtmlReport(spec: ReportSpec): string {
  const head = spec.table.header.map((h) => `<th>${escapeXml(h)}</th>`).join('');
  const rows = spec.table.rows.map((r) => `<tr>${r.map((v) => `<td>${cell(v)}</td>`).join('')}</tr>`).join('\n');
  const sections = spec.sections
    .map((s) => `<section><h2>${escapeXml(s.title)}</h2>${s.chart ? lineChart(s.chart) : ''}${s.text ? `<pre>${escapeXml(s.text)}</pre>` : ''}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(spec.title)}</title>
<style>
body{font-family:sans-serif;margin:2em;max-width:1000px;color:#222}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f3f3f3}
section{margin:2em 0}pre{background:#f7f7f7;padding:1em;overflow:auto}
</style></head><body>
<h1>${escapeXml(spec.title)}</h1>
<p>${escapeXml(spec.subtitle)}</p>
<table><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table>
${sections}
<footer><pre>${escapeXml(spec.provenance)}</pre></footer>
</body></html>
`;
}
