import { loadInfAdapterProfiles } from '@infscale/profiles';
import { buildDashboard } from './dashboard';
import { decisionValue, expectedAccuracyPanel, objectivePanel, plannedLoadQuery, solveTimeQuery } from './decision-value-panels';
import type { Dashboard } from './grafana-model';
import type { PanelSpec } from './panels';
import { histogramQuantile, perMinute, sel, shareAboveSlo, sumRate } from './promql';
import { configurationPanels, costPanel, decisionPanels, loadPanel, scalerMetric } from './scaler-panels';

/**
 * The decision details the dashboard reads (packages/scalers infadapter/detail-keys.ts; a unit test
 * checks they are still the scaler's keys, without making the generator depend on the scalers).
 */
export const INFADAPTER_DECISION_KEYS = {
  predictedLoadRps: 'predictedLoadRps',
  capacityRps: 'capacityRps',
  solveMs: 'solveMs',
  objective: 'objective',
  expectedAccuracy: 'expectedAccuracy',
} as const;
const K = INFADAPTER_DECISION_KEYS;

/** The dispatcher labels its series with the deployment name, `<task>-<variant>` or `<variant>`. */
const ofVariant = (variant: string) => `variant=~"(.+-)?${variant}"`;
const ofDeployment = (variant: string) => `deployment=~"(.+-)?${variant}"`;

/**
 * Load-weighted accuracy of what was actually served: Σ rate(variant) × top-1 accuracy / Σ rate.
 * Accuracies come from the bundled profiles; `or` keeps variants that served nothing out of the sum.
 */
export function servedAccuracyExpr(accuracy: Record<string, number>): string {
  const weighted = Object.entries(accuracy)
    .map(([variant, acc]) => `${sumRate('infscale_dispatcher_requests_total', ['variant'], ofVariant(variant))} * ${acc}`)
    .join(' or ');
  return `sum(${weighted}) / sum(${sumRate('infscale_dispatcher_requests_total')})`;
}

/**
 * Capacity the ready pods provide by the paper's linear profile fit at 750 ms (× its 0.8 derating):
 * Σ ready replicas × coef·(slope·cores + intercept). An estimate from the profile, not a measurement.
 */
export function fittedCapacityExpr(fits: Record<string, { slope: number; intercept: number }>, coefficient: number): string {
  const m = (noun: string, variant: string) => sel(scalerMetric('infadapter', noun), ofDeployment(variant));
  const terms = Object.entries(fits).map(([variant, f]) => {
    const a = +(coefficient * f.slope).toFixed(4);
    const b = +(coefficient * f.intercept).toFixed(4);
    return `${m('current_ready_replicas', variant)} * (${a} * ${m('current_cores', variant)} + ${b})`;
  });
  return `sum(${terms.join(' or ')})`;
}

export function infadapterDashboard(): Dashboard {
  const profiles = loadInfAdapterProfiles();
  const accuracy = Object.fromEntries(profiles.variants.map((v) => [v.name, v.accuracy]));
  const fits = Object.fromEntries(Object.entries(profiles.fits).map(([name, f]) => [name, { slope: f.slopeRpsPerCore, intercept: f.interceptUsedRps }]));
  const accuracyPanel = expectedAccuracyPanel(
    'infadapter',
    'Accuracy: expected by the decision vs served',
    "Did users get the accuracy the scaler planned? Expected = the load-weighted accuracy of the quotas the last decision chose; served = Σ requests per variant × the variant's ImageNet top-1 accuracy (bundled profiles) / all requests. Both drop when the scaler moves load to lighter variants at high load, and recover after; served far below expected means the quotas are not reaching the dispatcher.",
    [{ expr: servedAccuracyExpr(accuracy), legend: 'served' }],
  );
  const sloPanel: PanelSpec = {
    title: 'SLO violations at the dispatcher',
    description:
      'Were requests served in time? Share of requests slower than the $slo s SLO (end to end through the dispatcher), and requests refused with 503 because no variant had a quota. Healthy: near 0 except briefly at a load step.',
    unit: 'percentunit',
    threshold: 0.01,
    queries: [
      { expr: shareAboveSlo('infscale_dispatcher_request_duration_seconds'), legend: 'slower than SLO' },
      { expr: `${sumRate('infscale_dispatcher_unavailable_total')} / ${sumRate('infscale_dispatcher_requests_total')}`, legend: 'refused (no quota)' },
    ],
  };
  const trafficPanel: PanelSpec = {
    title: 'Traffic per variant',
    description: 'Where does the load go? Requests per second the dispatcher forwarded to each variant (deployment).',
    unit: 'reqps',
    stack: true,
    queries: [{ expr: sumRate('infscale_dispatcher_requests_total', ['variant']), legend: '{{variant}}' }],
  };
  const quotaPanel: PanelSpec = {
    title: 'Quota per variant (requests per dispatcher frame)',
    description: 'How does the scaler split the load? The integer quotas it published to the dispatcher; they sum to the planned load λ.',
    unit: 'short',
    stack: true,
    queries: [{ expr: `sum by (variant) (${sel('infscale_dispatcher_quota')})`, legend: '{{variant}}' }],
  };
  const latencyPanel: PanelSpec = {
    title: 'p99 latency per variant',
    description: 'Which variant is slow? p99 through the dispatcher per variant against the SLO line.',
    unit: 's',
    threshold: 0.75,
    queries: [{ expr: histogramQuantile(0.99, 'infscale_dispatcher_request_duration_seconds', ['variant']), legend: '{{variant}}' }],
  };
  const modelServerPanel: PanelSpec = {
    title: 'Model servers: in flight and queued',
    description: 'Is a model server saturated? Requests in flight and waiting per model server (infscale_model_*).',
    unit: 'short',
    queries: [
      { expr: `sum by (variant) (${sel('infscale_model_in_flight_requests')})`, legend: 'in flight {{variant}}' },
      { expr: `sum by (variant) (${sel('infscale_model_queue_length')})`, legend: 'queued {{variant}}' },
    ],
  };
  const codesPanel: PanelSpec = {
    title: 'Requests per minute by HTTP code',
    description: 'Are requests failing? Dispatcher answers per code; 5xx means a variant was unreachable or refused.',
    unit: 'short',
    stack: true,
    queries: [{ expr: perMinute(sumRate('infscale_dispatcher_requests_total', ['code'])), legend: '{{code}}' }],
  };
  return buildDashboard({
    uid: 'infscale-infadapter',
    title: 'infscale / InfAdapter',
    description: 'InfAdapter: which ResNet variants run, with how many cores, and the share of load each gets.',
    namespaceMetric: scalerMetric('infadapter', 'decisions_total'),
    sloChoices: ['0.75', '0.5', '1', '1.5'],
    sections: [
      {
        title: 'Load, forecast and capacity',
        panels: [
          loadPanel('infadapter', [
            { expr: sumRate('infscale_dispatcher_requests_total'), legend: 'arriving at the dispatcher' },
            plannedLoadQuery('infadapter', K.predictedLoadRps),
            { expr: decisionValue('infadapter', K.capacityRps), legend: 'capacity decided (scaler)' },
            { expr: fittedCapacityExpr(fits, profiles.capacityCoefficient), legend: 'capacity of ready pods (profile fit)' },
          ]),
        ],
      },
      { title: 'Accuracy and SLO', panels: [accuracyPanel, sloPanel] },
      { title: 'Cost and configuration', panels: [costPanel('infadapter'), ...configurationPanels('infadapter', 'variant'), quotaPanel] },
      { title: 'Traffic and model servers', panels: [trafficPanel, latencyPanel, modelServerPanel, codesPanel] },
      {
        title: 'Decisions',
        panels: [
          ...decisionPanels('infadapter', [solveTimeQuery('infadapter', K.solveMs)]),
          objectivePanel('infadapter', 'load-weighted accuracy − α·cores/budget − β·loading cost'),
        ],
      },
    ],
  });
}
