import type { DecisionRecord } from '@infscale/core';
import type { RunningPrometheus } from '@infscale/metrics/testing';
import { eventually } from '@infscale/kube/testing';

/** The details of the last applied decision among `records` (empty before any apply). */
export function detailsOfLastApply(records: readonly DecisionRecord[]): Record<string, number | string> {
  const d = records.filter((r) => r.decision.kind === 'apply').at(-1)?.decision;
  return d?.kind === 'apply' ? (d.details ?? {}) : {};
}

/**
 * Waits until Prometheus holds `infscale_<scaler>_decision_value{name}` equal to the last applied
 * decision's detail, for every name. The scaler keeps ticking: whichever apply is the latest when
 * Prometheus has scraped it counts. Throws (timed out) if a name is missing or differs.
 */
export async function expectDecisionValuesExported(
  prom: RunningPrometheus,
  scaler: string,
  namespace: string,
  records: readonly DecisionRecord[],
  names: readonly string[],
): Promise<void> {
  await eventually(`${scaler}_decision_value{${names.join(',')}} = the last apply's details`, async () => {
    const exported = await prom.query(`infscale_${scaler}_decision_value{namespace="${namespace}"}`);
    const byName = Object.fromEntries(exported.map((s) => [s.labels.name, s.value]));
    const details = detailsOfLastApply(records);
    return names.every((n) => typeof details[n] === 'number' && byName[n] === details[n]);
  });
}
