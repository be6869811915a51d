import type { PanelSpec, Query } from './panels';
import { quantilesPanel, withQueries } from './histogram-panels';
import { perMinute, sel, sumRate } from './promql';

/**
 * Panels on a scaler's own series (packages/metrics ScalerMetrics, `infscale_<scaler>_*`), the same
 * for every scaler: what it saw, what it forecast, what it asked for, what runs, and how its loop goes.
 */
export function scalerMetric(scaler: string, noun: string): string {
  return `infscale_${scaler.replace(/-/g, '_')}_${noun}`;
}

/** Total cores a set of per-deployment gauges describes: Σ replicas × cores per pod. */
export function totalCores(scaler: string, which: 'desired' | 'current'): string {
  return `sum(${sel(scalerMetric(scaler, `${which}_cores`))} * ${sel(scalerMetric(scaler, `${which}_replicas`))})`;
}

export function loadPanel(scaler: string, extra: Query[] = []): PanelSpec {
  const m = (noun: string) => sel(scalerMetric(scaler, noun));
  return {
    title: 'Load: observed vs forecast',
    description:
      'Did the forecast stay above the load? Observed = mean arrival rate the scaler read through PromQL; forecast = the peak it planned for (headroom included). A healthy scaler keeps the forecast line just above the observed one.',
    unit: 'reqps',
    width: 24,
    queries: [{ expr: m('observed_load_rps'), legend: 'observed (scaler)' }, { expr: m('predicted_load_rps'), legend: 'forecast (scaler)' }, ...extra],
  };
}

export function costPanel(scaler: string): PanelSpec {
  return {
    title: 'Cost: CPU cores, decided vs running',
    description:
      'What does it cost? Σ replicas × cores per pod of the last applied decision and of the pods as the cluster reports them. Running lags decided while a plan rolls out; a gap that stays means the actuator cannot apply.',
    unit: 'short',
    min: 0,
    queries: [
      { expr: totalCores(scaler, 'desired'), legend: 'decided cores' },
      { expr: totalCores(scaler, 'current'), legend: 'running cores' },
    ],
  };
}

export function configurationPanels(scaler: string, unitName: string): PanelSpec[] {
  const m = (noun: string) => sel(scalerMetric(scaler, noun));
  return [
    {
      title: `Replicas per ${unitName}: decided vs ready`,
      description: `Which ${unitName}s run, and how many pods each? One series per deployment; ready below decided means pods are still starting.`,
      unit: 'short',
      min: 0,
      queries: [
        { expr: `sum by (deployment) (${m('desired_replicas')})`, legend: 'decided {{deployment}}' },
        { expr: `sum by (deployment) (${m('current_ready_replicas')})`, legend: 'ready {{deployment}}' },
      ],
    },
    {
      title: `Cores per pod per ${unitName}`,
      description: 'How big is each pod? Decided vs running cores per pod, per deployment.',
      unit: 'short',
      min: 0,
      queries: [
        { expr: `sum by (deployment) (${m('desired_cores')})`, legend: 'decided {{deployment}}' },
        { expr: `sum by (deployment) (${m('current_cores')})`, legend: 'running {{deployment}}' },
      ],
    },
  ];
}

/** `timeExtra` adds queries (e.g. the solver's own time) to the decision-time panel. */
export function decisionPanels(scaler: string, timeExtra: Query[] = []): PanelSpec[] {
  const name = (noun: string) => scalerMetric(scaler, noun);
  const time = quantilesPanel(
    'Decision time (observe + forecast + solve + submit)',
    'How long does one tick take? p50 and p99 of the loop tick, which includes the solver' +
      (timeExtra.length ? ', and the solve time the last applied decision reported' : '') +
      '. It must stay well below the decision interval.',
    name('decision_duration_seconds'),
  );
  return [
    {
      title: 'Decisions per minute, by kind',
      description:
        'How often does it change the cluster? apply = a new configuration was submitted; hold = kept as is. Mostly holds with an apply at each load change is healthy; applies every tick mean flapping.',
      unit: 'short',
      stack: true,
      queries: [{ expr: perMinute(sumRate(name('decisions_total'), ['kind'])), legend: '{{kind}}' }],
    },
    {
      title: 'Holds per minute, by reason',
      description:
        'Why did it not act? unchanged / waiting (between decisions) / scaler (e.g. downscale stabilization) are normal; no-data, cluster, forecaster, scaler-error and actuator mean something is broken.',
      unit: 'short',
      stack: true,
      queries: [
        { expr: perMinute(sumRate(name('holds_total'), ['reason_class'])), legend: '{{reason_class}}' },
        { expr: perMinute(sumRate(name('errors_total'))), legend: 'errors' },
      ],
    },
    withQueries(time, timeExtra),
  ];
}
