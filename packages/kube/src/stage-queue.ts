import type { V1Deployment } from '@kubernetes/client-node';
import type { Routing } from '@infscale/core';
import type { ActionContext } from './action-context';
import { STAGE_LABEL } from './conventions';
import { batchOf } from './deployment-mapping';
import { adminUrl, postJson } from './http-post';

/** One variant's settings in a stage queue split between variants (IPA's improved method). */
export interface VariantSettings {
  maxBatchSize?: number;
  maxInFlightPerUrl?: number;
}

/** What the actuator tells a stage queue: the batch it forms, and how many batches go out at once. */
export interface StageSettings {
  maxBatchSize?: number;
  /** One batch per replica of the stage's deployment behind the queue's (Service) URL. */
  maxInFlightPerUrl: number;
  /** The split: each variant's share of the stage's requests ({} or one share: no split). */
  shares?: Record<string, number>;
  /** Per variant (by deployment name): its batch and one batch per replica, for when the stage is split. */
  variants?: Record<string, VariantSettings>;
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
  const what = Object.entries(settings)
    .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`)
    .join(', ');
  await ctx.retry(`POST ${what} to the ${stage} stage queue ${url}`, () => {
    ctx.assertLeader();
    return postStageSettings(url, settings, { tokenFile: ctx.config.adminTokenFile });
  });
}

/** After a set-batch: the batch of deployment `name` goes to its stage's queue (the stage label says which). */
export async function batchToStageQueue(ctx: ActionContext, name: string, batch: number): Promise<void> {
  if (Object.keys(ctx.config.stageQueues).length === 0) return;
  const deployment = await ctx.retry(`read ${name}`, () => ctx.api.readDeployment(name));
  const inFlight = inFlightFor(deployment);
  await sendSettings(ctx, deployment.metadata?.labels?.[STAGE_LABEL], {
    maxBatchSize: batch,
    maxInFlightPerUrl: inFlight,
    variants: { [name]: { maxBatchSize: batch, maxInFlightPerUrl: inFlight } },
  });
}

/** After a scale of a stage's deployment: its stage queue sends one batch per replica at once. */
export async function replicasToStageQueue(ctx: ActionContext, deployment: V1Deployment, replicas: number): Promise<void> {
  const inFlight = Math.max(1, replicas);
  const name = deployment.metadata?.name;
  await sendSettings(ctx, deployment.metadata?.labels?.[STAGE_LABEL], {
    maxInFlightPerUrl: inFlight,
    ...(name ? { variants: { [name]: { maxInFlightPerUrl: inFlight } } } : {}),
  });
}

/**
 * After a route (a variant switch moves the stage to a deployment created with its own batch): the
 * batch and replicas of the deployment with the largest quota go to the stage's queue, which serves
 * them all; with two or more quotas the route is a split (IPA's improved method), sent as the shares
 * with each variant's batch and replicas (the queue knows each variant's URL from its --variant flags).
 */
export async function routedBatchToStageQueue(ctx: ActionContext, routing: Routing): Promise<void> {
  if (!ctx.config.stageQueues[routing.stage]) return;
  const routed = Object.entries(routing.weights)
    .filter(([, w]) => w > 0)
    .sort(([a, wa], [b, wb]) => wb - wa || a.localeCompare(b));
  if (routed.length === 0) return;
  const deployments = new Map<string, V1Deployment>();
  for (const [name] of routed) deployments.set(name, await ctx.retry(`read ${name}`, () => ctx.api.readDeployment(name)));
  const main = deployments.get(routed[0]![0])!;
  const split = routed.length > 1;
  await sendSettings(ctx, routing.stage, {
    maxBatchSize: batchOf(main, ctx.config),
    maxInFlightPerUrl: inFlightFor(main),
    shares: split ? Object.fromEntries(routed) : {},
    ...(split
      ? {
          variants: Object.fromEntries(
            [...deployments].map(([name, d]) => [name, { maxBatchSize: batchOf(d, ctx.config), maxInFlightPerUrl: inFlightFor(d) }]),
          ),
        }
      : {}),
  });
}
