import type { ReportSection, Series } from '../report';
import { BUDGET_BUCKET_MS, type SpongeRunOutput } from './run';

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** The three plots of the Sponge paper's evaluation, one series per system. */
export function spongeSections(runs: readonly SpongeRunOutput[], notes: string): ReportSection[] {
  const over = (pick: (r: SpongeRunOutput['series'][number]) => number): Series[] =>
    runs.map((run) => ({ name: run.row.system, step: true, points: run.series.map((r) => [r.startS, pick(r)] as const) }));
  const budgetSeries: Series[] = runs.map((run) => ({
    name: run.row.system,
    points: run.latencyByBudget.flatMap((lat, bucket) => (lat && lat.length > 0 ? [[(bucket + 0.5) * BUDGET_BUCKET_MS, quantile(lat, 0.99)] as const] : [])),
  }));
  const budgets = budgetSeries.flatMap((s) => s.points.map((p) => p[0]));
  if (budgets.length > 0) {
    const lo = Math.min(...budgets);
    const hi = Math.max(...budgets);
    budgetSeries.push({
      name: 'budget (deadline)',
      points: [
        [lo, lo],
        [hi, hi],
      ],
    });
  }
  return [
    { title: 'Cores over time', chart: { title: 'Cores held (mean per interval)', xLabel: 'time (s)', yLabel: 'cores', series: over((r) => r.meanCores) } },
    {
      title: 'Remaining budget vs latency',
      chart: {
        title: 'p99 latency of served requests by remaining budget (SLO − network delay)',
        xLabel: 'remaining budget (ms)',
        yLabel: 'p99 latency (ms)',
        series: budgetSeries,
      },
      text: 'A point above the budget line means requests with that budget were served late. Dropped requests (EDF admission) are not in this plot; they count as violations in the table.',
    },
    {
      title: 'Violations over time',
      chart: { title: 'SLO violations (late + dropped) per interval', xLabel: 'time (s)', yLabel: '% of requests', series: over((r) => r.violationRate * 100) },
    },
    { title: 'Setup', text: notes },
  ];
}
