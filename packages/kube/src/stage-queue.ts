import type { Routing } from '@infscale/core';
import type { ActionContext } from './action-context';
import { STAGE_LABEL } from './conventions';
import { batchOf } from './deployment-mapping';
import { adminUrl, postJson } from './http-post';

/** POST {baseUrl}/admin/stage {"maxBatchSize": n}: the stage queue forms batches of up to n from now on. */
export function postStageBatch(baseUrl: string, maxBatchSize: number, timeoutMs = 5_000): Promise<void> {
  return postJson(adminUrl(baseUrl, 'admin/stage'), { maxBatchSize }, timeoutMs, 'stage queue');
}

/** Sends `batch` to the stage's queue when `stageQueues` names one; nothing otherwise. */
async function sendBatch(ctx: ActionContext, stage: string | undefined, batch: number): Promise<void> {
  const url = stage === undefined ? undefined : ctx.config.stageQueues[stage];
  if (!url) return;
  if (ctx.dryRun) return ctx.logger.info('dry-run: would POST the batch to the stage queue', { url, stage, maxBatchSize: batch });
  await ctx.retry(`POST batch ${batch} to the ${stage} stage queue ${url}`, () => postStageBatch(url, batch));
}

/** After a set-batch: the batch of deployment `name` goes to its stage's queue (the stage label says which). */
export async function batchToStageQueue(ctx: ActionContext, name: string, batch: number): Promise<void> {
  if (Object.keys(ctx.config.stageQueues).length === 0) return;
  const deployment = await ctx.retry(`read ${name}`, () => ctx.api.readDeployment(name));
  await sendBatch(ctx, deployment.metadata?.labels?.[STAGE_LABEL], batch);
}

/**
 * After a route (a variant switch moves the stage to a deployment created with its own batch): the
 * batch of the deployment with the largest quota goes to the stage's queue, which serves them all.
 */
export async function routedBatchToStageQueue(ctx: ActionContext, routing: Routing): Promise<void> {
  if (!ctx.config.stageQueues[routing.stage]) return;
  const [main] = Object.entries(routing.weights)
    .filter(([, w]) => w > 0)
    .sort(([a, wa], [b, wb]) => wb - wa || a.localeCompare(b));
  if (!main) return;
  const deployment = await ctx.retry(`read ${main[0]}`, () => ctx.api.readDeployment(main[0]));
  await sendBatch(ctx, routing.stage, batchOf(deployment, ctx.config));
}
