import { buildDashboard } from './dashboard';
import type { Dashboard } from './grafana-model';
import type { PanelSpec } from './panels';
import { histogramQuantile, perMinute, sumRate } from './promql';

/**
 * Queries over `infscale_<any scaler>_<noun>` of the chosen namespace, for the scalers whose series
 * the overview reads (the registry's deployed ones; one of them owns a namespace), with a `scaler`
 * label taken from the metric name, so one query serves whichever scaler runs there.
 */
export function anyScalerQueries(scalers: readonly string[]) {
  // Metric names use underscores where a scaler's name has a dash (ScalerMetrics).
  const re = scalers.map((s) => s.replace(/-/g, '_')).join('|');
  const named = (noun: string, extra = ''): string => {
    const name = `infscale_(${re})_${noun}`;
    return `label_replace({__name__=~"${name}",namespace="$namespace"${extra ? `,${extra}` : ''}}, "scaler", "$1", "__name__", "${name}")`;
  };
  return {
    anyScaler: (noun: string, extra = ''): string => `sum by (scaler) (${named(noun, extra)})`,
    /** rate() drops the metric name, so the name is turned into `scaler` first and rated as a subquery. */
    anyScalerRate: (noun: string, by: readonly string[]): string => `sum by (${by.join(', ')}) (rate(${named(noun)}[$__rate_interval:]))`,
    // Vector matching ignores the metric name: each deployment's cores times its replicas.
    anyScalerCores: (which: 'desired' | 'current'): string => `sum by (scaler) (${named(`${which}_cores`)} * ${named(`${which}_replicas`)})`,
  };
}

export function overviewDashboard(scalers: readonly string[]): Dashboard {
  const { anyScaler, anyScalerRate, anyScalerCores } = anyScalerQueries(scalers);
  const panels: PanelSpec[] = [
    {
      title: 'Load vs forecast',
      description:
        'Is the scaler planning for the load it gets? Observed and forecast arrival rate of the scaler that owns the namespace, and the rate the model servers receive.',
      unit: 'reqps',
      width: 24,
      queries: [
        { expr: anyScaler('observed_load_rps'), legend: 'observed ({{scaler}})' },
        { expr: anyScaler('predicted_load_rps'), legend: 'forecast ({{scaler}})' },
        { expr: sumRate('infscale_model_requests_total'), legend: 'arriving at model servers' },
      ],
    },
    {
      title: 'Cost: CPU cores decided vs running',
      description: 'What does serving cost? Σ replicas × cores per pod, decided and running.',
      unit: 'short',
      min: 0,
      queries: [
        { expr: anyScalerCores('desired'), legend: 'decided ({{scaler}})' },
        { expr: anyScalerCores('current'), legend: 'running ({{scaler}})' },
      ],
    },
    {
      title: 'Expected accuracy of the applied decision',
      description:
        'What accuracy does the scaler promise? InfAdapter: load-weighted accuracy of its quotas; IPA: pipeline accuracy (product over stages). Sponge serves one model and reports none. Drops at load peaks are the trade; a drop that stays means the budget is too small.',
      unit: 'percentunit',
      queries: [{ expr: anyScaler('decision_value', 'name="expectedAccuracy"'), legend: '{{scaler}}' }],
    },
    {
      title: 'Model-server p99 latency per variant',
      description:
        'Are the model servers within the SLO? p99 at each model server (queueing included), one series per variant. The per-scaler dashboards show violations end to end.',
      unit: 's',
      queries: [{ expr: histogramQuantile(0.99, 'infscale_model_request_duration_seconds', ['variant']), legend: '{{variant}}' }],
    },
    {
      title: 'Requests per variant',
      description: 'Which variants serve the load? Arrival rate at each model server.',
      unit: 'reqps',
      stack: true,
      queries: [{ expr: sumRate('infscale_model_requests_total', ['variant']), legend: '{{variant}}' }],
    },
    {
      title: 'Decisions per minute',
      description: 'How often does the scaler act? Ticks by scaler and kind (apply / hold).',
      unit: 'short',
      queries: [{ expr: perMinute(anyScalerRate('decisions_total', ['scaler', 'kind'])), legend: '{{scaler}} {{kind}}' }],
    },
    {
      title: 'Decision time p99',
      description: 'How long does a tick (observe, forecast, solve, submit) take, per scaler?',
      unit: 's',
      queries: [{ expr: `histogram_quantile(0.99, ${anyScalerRate('decision_duration_seconds_bucket', ['scaler', 'le'])})`, legend: '{{scaler}}' }],
    },
  ];
  return buildDashboard({
    uid: 'infscale-overview',
    title: 'infscale / Overview',
    description: 'Whichever infscale scaler owns the namespace: load vs forecast, cost, latency, decisions. Links lead to the per-scaler dashboards.',
    namespaceMetric: 'infscale_model_requests_total',
    sections: [
      { title: 'Load, cost and accuracy', panels: panels.slice(0, 3) },
      { title: 'Model servers', panels: panels.slice(3, 5) },
      { title: 'Decisions', panels: panels.slice(5) },
    ],
  });
}
