import { cdfPoints, type ReportSection, type Series } from '../report';
import type { SystemRun } from './run';

/** Systems drawn in the time charts: the adaptive ones and the best VPA run (all 14 would be unreadable). */
function charted(runs: readonly SystemRun[], bestVpa: string | undefined): SystemRun[] {
  return runs.filter((r) => r.name === 'infadapter' || r.name === 'ms-plus' || r.name === 'infadapter-oracle' || r.name === bestVpa || r.name.startsWith('hpa-'));
}

const minutes = (s: number): number => s / 60;

export interface ReportInput {
  runs: readonly SystemRun[];
  bestVpa?: string;
  arrivals: ArrayLike<number>;
  notes: string[];
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
  const capacity: Series[] = shown.map((r) => ({ name: `${r.name} capacity`, points: r.capacity.map(([t, c]) => [minutes(t), c] as [number, number]), step: true }));
  const cores: Series[] = shown.map((r) => ({ name: r.name, points: r.series.map((row) => [minutes(row.startS), row.meanCores] as [number, number]), step: true }));
  const accuracy: Series[] = shown.map((r) => ({
    name: r.name,
    points: r.series.filter((row) => row.completed > 0).map((row) => [minutes(row.startS), row.accuracy] as [number, number]),
    step: true,
  }));
  const cdf: Series[] = shown.map((r) => ({ name: r.name, points: cdfPoints(r.latencySampleMs) }));
  const sections: ReportSection[] = [
    { title: 'Load and provisioned capacity over time', chart: { title: 'load vs capacity (profiled req/s at the SLO of what ran)', xLabel: 'minutes', yLabel: 'req/s', series: [load, ...capacity] } },
    { title: 'Cores over time', chart: { title: 'cores held (incl. make-before-break overlap)', xLabel: 'minutes', yLabel: 'cores', series: cores } },
    { title: 'Accuracy over time', chart: { title: 'load-weighted accuracy of served requests', xLabel: 'minutes', yLabel: 'top-1', series: accuracy, yFromZero: false } },
    { title: 'Latency CDF', chart: { title: 'latency of answered requests (sampled)', xLabel: 'ms (log scale)', yLabel: 'fraction ≤ x', series: cdf, xLog: true } },
  ];
  if (input.notes.length > 0) sections.push({ title: 'How this comparison was run', text: input.notes.join('\n') });
  const infadapter = input.runs.find((r) => r.name === 'infadapter');
  if (infadapter) sections.push({ title: 'InfAdapter decisions (first ones)', text: infadapter.reasons.join('\n') || '(none applied)' });
  return sections;
}
