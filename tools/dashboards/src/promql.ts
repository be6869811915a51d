/**
 * PromQL building blocks of the dashboards. Every series is narrowed to `$namespace` (one scaler
 * owns one namespace) and every rate uses Grafana's `$__rate_interval`, which follows the scrape
 * interval of the chosen Prometheus.
 */

/** `metric{namespace="$namespace",<extra>}` */
export function sel(metric: string, extra = ''): string {
  return `${metric}{namespace="$namespace"${extra ? `,${extra}` : ''}}`;
}

/** `rate(metric{…}[$__rate_interval])` */
export function rate(metric: string, extra = ''): string {
  return `rate(${sel(metric, extra)}[$__rate_interval])`;
}

/** `sum by (labels) (rate(…))`, or `sum(rate(…))` with no labels. */
export function sumRate(metric: string, by: readonly string[] = [], extra = ''): string {
  return `sum${by.length ? ` by (${by.join(', ')})` : ''} (${rate(metric, extra)})`;
}

/** A quantile of a histogram (base name without _bucket), per label set `by`. */
export function histogramQuantile(q: number, histogram: string, by: readonly string[] = [], extra = ''): string {
  return `histogram_quantile(${q}, sum by (${['le', ...by].join(', ')}) (${rate(`${histogram}_bucket`, extra)}))`;
}

/** Mean of a histogram over the interval: rate(sum) / rate(count). */
export function histogramMean(histogram: string, by: readonly string[] = []): string {
  return `${sumRate(`${histogram}_sum`, by)} / ${sumRate(`${histogram}_count`, by)}`;
}

/** Share of a histogram's observations above the `$slo` bucket bound: the SLO violation ratio. */
export function shareAboveSlo(histogram: string): string {
  return `1 - (${sumRate(`${histogram}_bucket`, [], 'le="$slo"')} / ${sumRate(`${histogram}_count`)})`;
}

/** Requests per second → requests per minute, for rare events (decisions, holds). */
export function perMinute(expr: string): string {
  return `60 * ${expr}`;
}
