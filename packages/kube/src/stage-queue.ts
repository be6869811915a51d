import type { V1Deployment } from '@kubernetes/client-node';
import type { Routing } from '@infscale/core';
import type { ActionContext } from './action-context';
import { STAGE_LABEL } from './conventions';
import { batchOf } from './deployment-mapping';
import { adminUrl, postJson } from './http-post';

/** What the actuator tells a stage queue: the batch it forms, and how many batches go out at once. */
export interface StageSettings {
  maxBatchSize?: number;
  /** One batch per replica of the stage's deployment behind the queue's (Service) URL. */
  maxInFlightPerUrl: number;
}

/** POST {baseUrl}/admin/stage with the settings (and the admin token, when given): the stage queue applies them from now on. */
export function postStageSettings(baseUrl: string, settings: StageSettings, options: { timeoutMs?: number; tokenFile?: string } = {}): Promise<void> {
  return postJson(adminUrl(baseUrl, 'admin/stage'), settings, options.timeoutMs ?? 5_000, 'stage queue', options.tokenFile);
}

/**
 * Batches in flight the stage's replicas can take: one per replica, IPA's model of a replica's
 * throughput. The desired replicas (what the Service will have behind it once the step settles;
 * the ready ones when the spec has none), at least 1.
 */
export function inFlightFor(deployment: V1Deployment): number {
  return Math.max(1, deployment.spec?.replicas ?? deployment.status?.readyReplicas ?? 1);
}

/** Sends the settings to the stage's queue when `stageQueues` names one; nothing otherwise. */
async function sendSettings(ctx: ActionContext, stage: string | undefined, settings: StageSettings): Promise<void> {
  const url = stage === undefined ? undefined : ctx.config.stageQueues[stage];
  if (!url) return;
  if (ctx.dryRun) return ctx.logger.info('dry-run: would POST the settings to the stage queue', { url, stage, ...settings });
  const what = Object.entries(settings).map(([k, v]) => `${k} ${v}`).join(', ');
  await ctx.retry(`POST ${what} to the ${stage} stage queue ${url}`, () => {
    ctx.assertLeader();
    return postStageSettings(url, settings, { tokenFile: ctx.config.adminTokenFile });
  });
}

/** After a set-batch: the batch of deployment `name` goes to its stage's queue (the stage label says which). */
export async function batchToStageQueue(ctx: ActionContext, name: string, batch: number): Promise<void> {
  if (Object.keys(ctx.config.stageQueues).length === 0) return;
  const deployment = await ctx.retry(`read ${name}`, () => ctx.api.readDeployment(name));
  await sendSettings(ctx, deployment.metadata?.labels?.[STAGE_LABEL], { maxBatchSize: batch, maxInFlightPerUrl: inFlightFor(deployment) });
}

/** After a scale of a stage's deployment: its stage queue sends one batch per replica at once. */
export async function replicasToStageQueue(ctx: ActionContext, deployment: V1Deployment, replicas: number): Promise<void> {
  await sendSettings(ctx, deployment.metadata?.labels?.[STAGE_LABEL], { maxInFlightPerUrl: Math.max(1, replicas) });
}

/**
 * After a route (a variant switch moves the stage to a deployment created with its own batch): the
 * batch and replicas of the deployment with the largest quota go to the stage's queue, which serves them all.
 */
export async function routedBatchToStageQueue(ctx: ActionContext, routing: Routing): Promise<void> {
  if (!ctx.config.stageQueues[routing.stage]) return;
  const [main] = Object.entries(routing.weights)
    .filter(([, w]) => w > 0)
    .sort(([a, wa], [b, wb]) => wb - wa || a.localeCompare(b));
  if (!main) return;
  const deployment = await ctx.retry(`read ${main[0]}`, () => ctx.api.readDeployment(main[0]));
  await sendSettings(ctx, routing.stage, { maxBatchSize: batchOf(deployment, ctx.config), maxInFlightPerUrl: inFlightFor(deployment) });
}
