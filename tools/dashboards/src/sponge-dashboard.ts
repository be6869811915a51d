import { buildDashboard } from './dashboard';
import { decisionValue, objectivePanel, plannedLoadQuery } from './decision-value-panels';
import type { Dashboard } from './grafana-model';
import { quantilesPanel } from './histogram-panels';
import type { PanelSpec } from './panels';
import { histogramMean, sel, sumRate } from './promql';
import { configurationPanels, costPanel, decisionPanels, loadPanel, scalerMetric } from './scaler-panels';

/** Sponge: cores of one pod resized in place, batch size, and the EDF queue in front of it. */
export function spongeDashboard(): Dashboard {
  const edf: PanelSpec[] = [
    {
      title: 'Deadline misses, drops and late service',
      description:
        "Did each request meet its own deadline (SLO − network delay)? Share answered after the deadline, dropped at admission, or served late. Healthy: near 0; Sponge's promise is far fewer misses than horizontal scaling.",
      unit: 'percentunit',
      threshold: 0.01,
      queries: [
        { expr: `${sumRate('infscale_edf_deadline_missed_total')} / ${sumRate('infscale_edf_requests_total')}`, legend: 'missed deadline' },
        { expr: `${sumRate('infscale_edf_dropped_total')} / ${sumRate('infscale_edf_requests_total')}`, legend: 'dropped' },
        { expr: `${sumRate('infscale_edf_late_total')} / ${sumRate('infscale_edf_requests_total')}`, legend: 'served late' },
      ],
    },
    quantilesPanel(
      'Remaining budget at arrival',
      "How much of the SLO does the network leave? p10/p50 of each request's remaining budget when it reached the EDF queue; lower budgets need more cores.",
      'infscale_edf_remaining_budget_seconds',
      [0.1, 0.5],
    ),
    {
      title: 'EDF queue',
      description: 'Is the server keeping up? Requests waiting in deadline order, and those already past saving (late queue).',
      unit: 'short',
      queries: [
        { expr: `sum(${sel('infscale_edf_queue_length')})`, legend: 'queued' },
        { expr: `sum(${sel('infscale_edf_late_queue_length')})`, legend: 'late queue' },
      ],
    },
    {
      title: 'Deadline budgets the plan was sized for',
      description:
        'How tight were the deadlines Sponge planned for? The tightest remaining budget among queued and expected requests, and the budget a new arrival is assumed to have, at the last applied decision. Compare with the measured remaining budget beside it.',
      unit: 's',
      queries: [
        { expr: `${decisionValue('sponge', 'tightestBudgetMs')} / 1000`, legend: 'tightest budget (decision)' },
        { expr: `${decisionValue('sponge', 'arrivalBudgetMs')} / 1000`, legend: 'arrival budget (decision)' },
      ],
    },
    {
      title: 'Queued requests the plan covered',
      description:
        'What did the last applied decision have to serve? Requests queued when it decided, and those it left out because no size could meet their deadline (unreachable). Unreachable above 0 means the network or a burst ate the budgets, not the scaler.',
      unit: 'short',
      min: 0,
      queries: [
        { expr: decisionValue('sponge', 'queued'), legend: 'queued (decision)' },
        { expr: decisionValue('sponge', 'unreachable'), legend: 'unreachable (decision)' },
      ],
    },
    quantilesPanel('Latency through the EDF proxy', 'p50/p99 from arrival at the proxy to the answer.', 'infscale_edf_request_duration_seconds'),
    {
      title: 'Batch size: configured vs formed',
      description: 'The batch size Sponge set and the mean batch the proxy sent to the model server.',
      unit: 'short',
      queries: [
        { expr: `sum(${sel('infscale_edf_batch_size_setting')})`, legend: 'configured' },
        { expr: histogramMean('infscale_edf_batch_size'), legend: 'mean formed' },
      ],
    },
    {
      title: 'Model server cores',
      description: 'Did the in-place resize reach the server? Cores the model server says it runs with (its thread count follows).',
      unit: 'short',
      min: 0,
      queries: [{ expr: `sum by (variant) (${sel('infscale_model_cores')})`, legend: '{{variant}}' }],
    },
  ];
  return buildDashboard({
    uid: 'infscale-sponge',
    title: 'infscale / Sponge',
    description: 'Sponge: in-place vertical scaling of one model server, batch size, and an earliest-deadline-first queue.',
    namespaceMetric: scalerMetric('sponge', 'decisions_total'),
    sections: [
      {
        title: 'Load and forecast',
        panels: [
          loadPanel('sponge', [
            { expr: sumRate('infscale_edf_requests_total'), legend: 'answered by the EDF proxy' },
            plannedLoadQuery('sponge', 'predictedRps'),
          ]),
        ],
      },
      { title: 'Deadlines', panels: edf.slice(0, 6) },
      { title: 'Cost and configuration', panels: [costPanel('sponge'), ...configurationPanels('sponge', 'deployment'), ...edf.slice(6)] },
      // Sponge serves one model: no accuracy to plan; its objective is the pod's size.
      {
        title: 'Decisions',
        panels: [
          ...decisionPanels('sponge'),
          objectivePanel('sponge', 'cores + batch/(maxBatch+1) of one pod, i.e. fewest cores first, then the smallest batch'),
        ],
      },
    ],
  });
}
