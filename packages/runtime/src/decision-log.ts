import type { DecisionRecord, Logger } from '@infscale/core';

/**
 * One log line per tick that says what was decided and why: the decision's reason, the load seen
 * and predicted, and for an apply the target of every deployment and the plan's steps.
 */
export function logDecision(logger: Logger, scaler: string, record: DecisionRecord, durationSeconds: number): void {
  const { decision } = record;
  const common: Record<string, unknown> = {
    scaler,
    decision: decision.kind,
    reason: decision.reason,
    nowMs: record.nowMs,
    durationSeconds,
  };
  if (record.observedRps !== undefined) common.observedRps = record.observedRps;
  if (record.forecast) {
    common.predictedRps = record.forecast.peakRps;
    common.forecastMethod = record.forecast.method;
    if (record.forecast.fallbackReason) common.forecastFallback = record.forecast.fallbackReason;
  }
  if (decision.kind === 'hold') {
    // A routine wait between decisions (quiet) is counted in the metrics, not written once a second.
    if (!decision.quiet) logger.info(`${scaler} holds: ${decision.reason}`, common);
    return;
  }
  logger.info(`${scaler} applies: ${decision.reason}`, {
    ...common,
    resize: decision.resize,
    desired: decision.desired.deployments.map((d) => ({ name: d.name, variant: d.variant, replicas: d.replicas, cores: d.cores, batch: d.batch })),
    routing: decision.desired.routing,
    ...(decision.details ? { details: decision.details } : {}),
    ...(record.plan ? { steps: record.plan.actions.map((a) => a.type + ('name' in a ? ` ${a.name}` : '')) } : {}),
  });
}
