import { bundledDataDir, dataFile, readCsv } from '@infscale/profiles';
import { cdfPoints, type ChartSpec, type ReportSection } from '../report';
import { summaryColumns, type ComparisonRow } from '../scenario';
import type { IpaRun } from './run';

/** One series of the paper's final (revision) runs: its measured means and the settings it ran with. */
export interface PaperSeries {
  cores: number;
  pas: number;
  alpha: number;
  beta: number;
  /** The program used normalized ranks (with a floor) instead of accuracies as fractions. */
  normalize: boolean;
}

/** The paper's per-series averages and settings (final version: PAS, metaseries 18) for one pipeline and workload, by system. */
export function paperSeries(pipeline: string, workload: string): Map<string, PaperSeries> {
  const out = new Map<string, PaperSeries>();
  const file = dataFile(bundledDataDir, 'ipa', 'experiment_series_summary.csv');
  for (const row of readCsv(file, ['metaseries', 'pipeline', 'system', 'workload', 'avg_cost_cores', 'avg_PAS', 'alpha', 'beta', 'normalize'])) {
    if (row.text('metaseries') !== '18' || row.text('pipeline') !== pipeline || row.text('workload') !== workload) continue;
    out.set(row.text('system'), {
      cores: row.number('avg_cost_cores'),
      pas: row.number('avg_PAS'),
      alpha: row.number('alpha'),
      beta: row.number('beta'),
      normalize: row.text('normalize') === 'True',
    });
  }
  return out;
}

/** The name of a system's row run with the paper's own settings. */
export const paperMode = (system: string): string => `${system} (paper)`;

/** The row of IPA with the paper's method (and our loop) beside the improved one's (`--mode both`). */
export const paperMethodRow = (system: string): string => `${system} (method: paper)`;

/**
 * The table row of one run: PAS in percent (the paper's unit), objective α·PAS − β·mean cores. The
 * paper's measured means sit beside the paper-mode rows, which ran with that series' settings.
 */
export function ipaRow(run: IpaRun, paper: Map<string, PaperSeries>): ComparisonRow {
  const s = run.summary;
  const reference = [...paper].find(([system]) => paperMode(system) === run.system)?.[1];
  return {
    system: run.system,
    ...summaryColumns(s),
    accuracy: 100 * s.accuracy,
    // γ·batch is 1e-6 per unit in the paper: left out, it never changes a comparison.
    objective: run.alpha * s.accuracy - run.beta * s.meanCores,
    extra: {
      decisions: s.decisions,
      'paper cores': reference ? reference.cores : '',
      'paper PAS': reference ? reference.pas : '',
    },
  };
}

const minutes = (s: number): number => s / 60;

/** Load vs capacity, cost and accuracy over time, latency CDF: one chart each. */
export function ipaSections(window: string, arrivals: readonly number[], runs: readonly IpaRun[]): ReportSection[] {
  const load: [number, number][] = [];
  for (let i = 0; i < arrivals.length; i += 10) {
    const chunk = arrivals.slice(i, i + 10);
    load.push([minutes(i), Math.max(...chunk)]);
  }
  const ipa = runs.find((r) => r.system === 'IPA');
  const loadChart: ChartSpec = {
    title: `${window}: load vs capacity`,
    xLabel: 'minute',
    yLabel: 'req/s',
    series: [
      { name: 'load (10 s max)', points: load },
      ...(ipa ? [{ name: 'IPA λ planned', points: ipa.lambda.map(([t, v]) => [minutes(t), v] as [number, number]), step: true }] : []),
      ...runs.map((r) => ({ name: `${r.system} capacity`, points: r.capacity.map(([t, v]) => [minutes(t), v] as [number, number]), step: true })),
    ],
  };
  const over = (pick: (row: IpaRun['series'][number]) => number) =>
    runs.map((r) => ({ name: r.system, points: r.series.map((row) => [minutes(row.startS), pick(row)] as [number, number]), step: true }));
  return [
    { title: 'Load vs capacity', chart: loadChart, text: "Capacity: the slowest stage's replicas × profiled throughput at the chosen batch." },
    { title: 'Cost over time', chart: { title: `${window}: cores`, xLabel: 'minute', yLabel: 'cores', series: over((row) => row.meanCores) } },
    {
      title: 'Accuracy over time',
      chart: { title: `${window}: pipeline accuracy (PAS %)`, xLabel: 'minute', yLabel: 'PAS %', yFromZero: false, series: over((row) => 100 * row.accuracy) },
    },
    {
      title: 'Latency CDF',
      chart: {
        title: `${window}: end-to-end latency of finished requests`,
        xLabel: 'ms (log scale)',
        yLabel: 'fraction',
        series: runs.map((r) => ({ name: r.system, points: cdfPoints(r.latenciesMs) })),
        xLog: true,
      },
      text: 'Dropped requests are not in the CDF; they count as SLA violations in the table.',
    },
  ];
}
