import type { DecisionRecord, Logger } from '@infscale/core';
import { assemble, type ScalerProcessOptions } from './assemble';
import { logDecision } from './decision-log';
import { releaseLease } from './lease-release';

/** What one --once tick came to: its record, and why its plan failed when it did. */
export interface OnceOutcome {
  record: DecisionRecord;
  planError?: string;
}

/**
 * One tick now, without waiting for the scaler's first interval or serving metrics: observe,
 * decide, and (unless dry) carry out the plan to its end, then release the lease. For `--once`,
 * cron-style runs and checking a config against a live cluster with `--once --dry-run`.
 */
export async function runOnce<State>(options: ScalerProcessOptions<State>): Promise<OnceOutcome> {
  const parts = assemble(options);
  const start = parts.clock.now();
  const record = await parts.loop.tick();
  logDecision(parts.logger, options.name, record, (parts.clock.now() - start) / 1000);
  await parts.actuator.whenIdle();
  const planError = parts.actuator.status().lastError;
  if (planError) parts.logger.error(`${options.name}: the plan failed`, { error: planError });
  if (parts.lease) await releaseLease(parts.api, parts.lease.name, parts.lease.identity, parts.clock);
  return { record, ...(planError ? { planError } : {}) };
}

/**
 * --once's exit code: 0 when the tick decided (a hold the scaler chose included) and its plan, if
 * any, finished; 1 when there was no decision to trust (a cron job must see that) or the plan failed.
 */
export function onceExitCode(name: string, { record, planError }: OnceOutcome, logger: Logger): number {
  if (record.failedAt) {
    logger.error(`${name} --once: no decision, the ${record.failedAt} step failed`, {
      failedAt: record.failedAt,
      reason: record.decision.kind === 'hold' ? record.decision.reason : undefined,
    });
    return 1;
  }
  return planError ? 1 : 0;
}
