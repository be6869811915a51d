import { cdfPoints, type ReportSection, type Series } from '../report';
import type { ComparisonRow } from '../scenario';
import type { SystemRun } from './run';
import { VARIANTS } from './systems';
import { offAppliedName } from './vpa-sweep';

/** Systems drawn in the time charts: the adaptive ones and the best VPA run (all 14 would be unreadable). */
function charted(runs: readonly SystemRun[], bestVpa: string | undefined): SystemRun[] {
  return runs.filter(
    (r) => r.name === 'infadapter' || r.name === 'ms-plus' || r.name === 'infadapter-oracle' || r.name === bestVpa || r.name.startsWith('hpa-'),
  );
}

const minutes = (s: number): number => s / 60;

export interface ReportInput {
  runs: readonly SystemRun[];
  bestVpa?: string;
  arrivals: ArrayLike<number>;
  notes: string[];
  /** The table's rows: the VPA sweep's curve and the frontier are drawn from them. */
  rows?: readonly ComparisonRow[];
  /** The variants whose VPA curves are drawn (default the paper's ResNets). */
  variants?: readonly string[];
}

/** Each variant's VPA runs (OffApplied and its sweep) on a violations-vs-core-seconds chart, with InfAdapter and the frontier. */
function sweepChart(rows: readonly ComparisonRow[], variants: readonly string[]): Series[] {
  const point = (r: ComparisonRow): [number, number] => [r.coreSeconds, r.sloViolationPct];
  const series: Series[] = variants.map((v) => ({
    name: `vpa ${v} (curve)`,
    points: rows
      .filter((r) => (r.system === offAppliedName(v) || r.system.startsWith(`${offAppliedName(v)}-`)) && !r.detail)
      .map(point)
      .sort((a, b) => a[0] - b[0]),
  }));
  for (const name of ['infadapter', 'frontier']) {
    const r = rows.find((x) => x.system === name);
    // A one-point series shows as a short mark.
    if (r) series.push({ name, points: [point(r), [r.coreSeconds * 1.01, r.sloViolationPct]] });
  }
  return series;
}

/** The report's charts: load vs provisioned capacity, cores, accuracy over time, and the latency CDF. */
export function infAdapterSections(input: ReportInput): ReportSection[] {
  const shown = charted(input.runs, input.bestVpa);
  const first = input.runs[0];
  const loadPoints: [number, number][] = (first?.series ?? []).map((row) => {
    // The row's mean req/s; the trace's per-second peak is drawn from the arrivals below.
    const end = Math.min(input.arrivals.length, row.startS + (first?.series[1]?.startS ?? 60));
    let peak = 0;
    for (let s = row.startS; s < end; s++) peak = Math.max(peak, input.arrivals[s]!);
    return [minutes(row.startS), peak];
  });
  const load: Series = { name: 'load (peak req/s)', points: loadPoints, step: true };
  const capacity: Series[] = shown.map((r) => ({
    name: `${r.name} capacity`,
    points: r.capacity.map(([t, c]) => [minutes(t), c] as [number, number]),
    step: true,
  }));
  const cores: Series[] = shown.map((r) => ({
    name: r.name,
    points: r.series.map((row) => [minutes(row.startS), row.meanCores] as [number, number]),
    step: true,
  }));
  const accuracy: Series[] = shown.map((r) => ({
    name: r.name,
    points: r.series.filter((row) => row.completed > 0).map((row) => [minutes(row.startS), row.accuracy] as [number, number]),
    step: true,
  }));
  const cdf: Series[] = shown.map((r) => ({ name: r.name, points: cdfPoints(r.latencySampleMs) }));
  const sections: ReportSection[] = [
    {
      title: 'Load and provisioned capacity over time',
      chart: { title: 'load vs capacity (profiled req/s at the SLO of what ran)', xLabel: 'minutes', yLabel: 'req/s', series: [load, ...capacity] },
    },
    { title: 'Cores over time', chart: { title: 'cores held (incl. make-before-break overlap)', xLabel: 'minutes', yLabel: 'cores', series: cores } },
    {
      title: 'Accuracy over time',
      chart: { title: 'load-weighted accuracy of served requests', xLabel: 'minutes', yLabel: 'top-1', series: accuracy, yFromZero: false },
    },
    {
      title: 'Latency CDF',
      chart: { title: 'latency of answered requests (sampled)', xLabel: 'ms (log scale)', yLabel: 'fraction ≤ x', series: cdf, xLog: true },
    },
  ];
  if (input.rows?.some((r) => r.system.includes('-OffApplied-'))) {
    sections.push({
      title: 'VPA sweep: SLO violations vs core-seconds',
      chart: {
        title: "each variant's sweep runs on its curve (fewest violations for their cost)",
        xLabel: 'core-seconds',
        yLabel: 'SLO violations %',
        series: sweepChart(input.rows, input.variants ?? VARIANTS),
      },
    });
  }
  if (input.notes.length > 0) sections.push({ title: 'How this comparison was run', text: input.notes.join('\n') });
  const infadapter = input.runs.find((r) => r.name === 'infadapter');
  if (infadapter) sections.push({ title: 'InfAdapter decisions (first ones)', text: infadapter.reasons.join('\n') || '(none applied)' });
  return sections;
}
