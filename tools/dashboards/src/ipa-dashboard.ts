import { buildDashboard } from './dashboard';
import { decisionValue, expectedAccuracyPanel, objectivePanel, plannedLoadQuery, solveTimeQuery } from './decision-value-panels';
import type { Dashboard } from './grafana-model';
import { quantilesPanel, withQueries } from './histogram-panels';
import type { PanelSpec } from './panels';
import { histogramMean, histogramQuantile, perMinute, sel, shareAboveSlo, sumRate } from './promql';
import { configurationPanels, costPanel, decisionPanels, loadPanel, scalerMetric } from './scaler-panels';

/** IPA: per stage of a pipeline, the variant, batch size and replicas (deployments per stage+variant). */
export function ipaDashboard(): Dashboard {
  const pipeline: PanelSpec[] = [
    {
      title: 'Pipeline SLA violations and drops',
      description:
        'Did requests finish within the pipeline SLA? Share of finished requests slower than $slo s end to end, and share dropped by the router past the drop limit. Healthy: near 0.',
      unit: 'percentunit',
      threshold: 0.01,
      queries: [
        { expr: shareAboveSlo('infscale_router_latency_seconds'), legend: 'slower than SLA' },
        { expr: `${sumRate('infscale_router_requests_total', [], 'outcome="dropped"')} / ${sumRate('infscale_router_requests_total')}`, legend: 'dropped' },
      ],
    },
    withQueries(
      quantilesPanel(
        'End-to-end latency: measured vs planned',
        'How close to the SLA does the pipeline run? p50/p99 of finished requests through the router, and the pipeline latency the last decision planned (Σ stage latency + batching wait).',
        'infscale_router_latency_seconds',
      ),
      [{ expr: `${decisionValue('ipa', 'latencyMs')} / 1000`, legend: 'planned (decision)' }],
    ),
    expectedAccuracyPanel(
      'ipa',
      'Pipeline accuracy (PAS) of the decision',
      "What accuracy does the pipeline promise? The product of the chosen variants' accuracies per stage (IPA's PAS) for each applied decision. It drops when load forces lighter variants and recovers after.",
    ),
    {
      title: 'Router outcomes per minute',
      description: 'What happened to requests? done, dropped (past the drop limit) or failed, per pipeline.',
      unit: 'short',
      stack: true,
      queries: [{ expr: perMinute(sumRate('infscale_router_requests_total', ['pipeline', 'outcome'])), legend: '{{pipeline}} {{outcome}}' }],
    },
    {
      title: 'Stage latency p99',
      description: 'Which stage eats the budget? p99 per stage as the router saw it (queueing + batching + serving).',
      unit: 's',
      queries: [{ expr: histogramQuantile(0.99, 'infscale_router_stage_latency_seconds', ['stage']), legend: '{{stage}}' }],
    },
  ];
  const stages: PanelSpec[] = [
    {
      title: 'Batch size per stage: configured vs formed',
      description: 'Is batching working? The maximum batch the scaler set per stage and the mean batch the queue actually formed.',
      unit: 'short',
      queries: [
        { expr: `sum by (stage) (${sel('infscale_stage_max_batch_size')})`, legend: 'max {{stage}}' },
        { expr: histogramMean('infscale_stage_batch_size', ['stage']), legend: 'mean formed {{stage}}' },
      ],
    },
    {
      title: 'Stage queues: waiting, busy replicas, shed',
      description:
        'Is a stage short of replicas? Requests waiting in each central queue, replicas busy serving a batch, and requests shed per second because they could no longer finish before the drop limit (504 deadline-unreachable; the router counts them as dropped).',
      unit: 'short',
      queries: [
        { expr: `sum by (stage) (${sel('infscale_stage_queue_length')})`, legend: 'waiting {{stage}}' },
        { expr: `sum by (stage) (${sel('infscale_stage_busy_replicas')})`, legend: 'busy {{stage}}' },
        { expr: sumRate('infscale_stage_unreachable_total', ['stage']), legend: 'shed/s {{stage}}' },
      ],
    },
  ];
  return buildDashboard({
    uid: 'infscale-ipa',
    title: 'infscale / IPA',
    description: 'IPA: per pipeline stage, the model variant, batch size and replicas; end-to-end SLA and drops.',
    namespaceMetric: scalerMetric('ipa', 'decisions_total'),
    sloChoices: ['5', '2.5', '10'],
    sections: [
      {
        title: 'Load and forecast',
        panels: [
          loadPanel('ipa', [{ expr: sumRate('infscale_router_requests_total'), legend: 'finished at the router' }, plannedLoadQuery('ipa', 'lambdaRps')]),
        ],
      },
      { title: 'SLA and latency', panels: pipeline },
      { title: 'Cost and configuration per stage', panels: [costPanel('ipa'), ...configurationPanels('ipa', 'stage variant'), ...stages] },
      { title: 'Decisions', panels: [...decisionPanels('ipa', [solveTimeQuery('ipa')]), objectivePanel('ipa', 'α·pipeline accuracy − β·cores − γ·batch')] },
    ],
  });
}
