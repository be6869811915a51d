/**
 * What a comparison's report shows besides its table: charts as data (the command line draws them)
 * and text. Experiments compute the points; drawing them is the printer's job.
 */

export interface Series {
  name: string;
  /** [x, y] pairs, x ascending. */
  points: readonly (readonly [number, number])[];
  /** Draw as a step function (a value holds until the next point), e.g. cores over time. */
  step?: boolean;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  width?: number;
  height?: number;
  /** Force the y axis to start at zero (default true). */
  yFromZero?: boolean;
  /** A log x axis, for latency CDFs whose tails span orders of magnitude (x ≤ 0 is left out). */
  xLog?: boolean;
}

export interface ReportSection {
  title: string;
  /** A line chart to draw. */
  chart?: ChartSpec;
  /** Preformatted text. */
  text?: string;
}

/** Empirical CDF points of a sample (x = value, y = fraction ≤ x), at most `max` points. */
export function cdfPoints(values: readonly number[], max = 400): [number, number][] {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return [];
  const step = Math.max(1, Math.floor(n / max));
  const out: [number, number][] = [];
  for (let i = 0; i < n; i += step) out.push([sorted[i]!, (i + 1) / n]);
  if (out[out.length - 1]![1] !== 1) out.push([sorted[n - 1]!, 1]);
  return out;
}
