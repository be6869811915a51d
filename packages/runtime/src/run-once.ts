import type { DecisionRecord } from '@infscale/core';
import { assemble, type ScalerProcessOptions } from './assemble';
import { logDecision } from './decision-log';
import { releaseLease } from './lease-release';

/**
 * One tick now, without waiting for the scaler's first interval or serving metrics: observe,
 * decide, and (unless dry) carry out the plan to its end, then release the lease. For `--once`,
 * cron-style runs and checking a config against a live cluster with `--once --dry-run`.
 */
export async function runOnce<State>(options: ScalerProcessOptions<State>): Promise<DecisionRecord> {
  const parts = assemble(options);
  const start = parts.clock.now();
  const record = await parts.loop.tick();
  logDecision(parts.logger, options.name, record, (parts.clock.now() - start) / 1000);
  await parts.actuator.whenIdle();
  const lastError = parts.actuator.status().lastError;
  if (lastError) parts.logger.error(`${options.name}: the plan failed`, { error: lastError });
  if (parts.lease) await releaseLease(parts.api, parts.lease.name, parts.lease.identity, parts.clock);
  return record;
}
