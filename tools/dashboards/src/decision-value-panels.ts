import type { PanelSpec, Query } from './panels';
import { sel } from './promql';
import { scalerMetric } from './scaler-panels';

/**
 * Panels on `infscale_<scaler>_decision_value{name}` (packages/metrics ScalerMetrics): the numbers the
 * scaler explained its last applied decision with. Each value holds until the next apply, so a line
 * is a step function that moves exactly when the scaler changed the cluster.
 */

/** One number of the last applied decision, e.g. `decisionValue('ipa', 'expectedAccuracy')`. */
export function decisionValue(scaler: string, name: string): string {
  return sel(scalerMetric(scaler, 'decision_value'), `name="${name}"`);
}

/** `λ the program was solved for`, as a query to add to a scaler's load panel. */
export function plannedLoadQuery(scaler: string, key: string): Query {
  return { expr: decisionValue(scaler, key), legend: 'planned λ (last decision)' };
}

/** Solver time of the last applied decision in seconds, to sit beside the tick's quantiles. */
export function solveTimeQuery(scaler: string, key = 'solveMs'): Query {
  return { expr: `${decisionValue(scaler, key)} / 1000`, legend: 'solver (last applied decision)' };
}

export function objectivePanel(scaler: string, formula: string): PanelSpec {
  return {
    title: 'Objective of the applied decision',
    description: `What did the solver optimise, and how well? The objective value of each applied decision: ${formula}. It moves with load (lighter choices at peaks); a flat line while the load changes means the scaler is not re-deciding.`,
    unit: 'none',
    queries: [{ expr: decisionValue(scaler, 'objective'), legend: 'objective' }],
  };
}

/** Expected (planned) accuracy of each applied decision; `extra` adds e.g. the served accuracy beside it. */
export function expectedAccuracyPanel(scaler: string, title: string, description: string, extra: Query[] = []): PanelSpec {
  return {
    title,
    description,
    unit: 'percentunit',
    queries: [{ expr: decisionValue(scaler, 'expectedAccuracy'), legend: 'expected (decision)' }, ...extra],
  };
}
