import type { Action, DeploymentSpec, Routing } from '@infscale/core';
import { isNotFound } from './api-error';
import { deploymentRef, type ActionContext } from './action-context';
import { BATCH_ANNOTATION, BATCH_ENV, EventReason, MANAGED_BY_LABEL, MANAGED_BY_VALUE, ROUTING_CONFIGMAP, SCALER_LABEL } from './conventions';
import { buildDeployment, managedContainerName } from './deployment-mapping';
import { awaitPodCores, awaitReady } from './await-ready';
import { coresTemplateLacks } from './pod-cores';
import { ResizeGate } from './readiness-gate';
import { resizeAction } from './resize-action';
import { postQuotas, publishToConfigMap } from './routing';
import { batchToStageQueue, replicasToStageQueue, routedBatchToStageQueue } from './stage-queue';

async function createAction(ctx: ActionContext, spec: DeploymentSpec): Promise<void> {
  const created = await ctx.retry(`create ${spec.name}`, () => ctx.api.createDeployment(buildDeployment(spec, ctx.config)));
  await ctx.events.record(
    deploymentRef(spec.name, created.metadata?.uid),
    'Normal',
    EventReason.created,
    `Created variant ${spec.variant} with ${spec.replicas} replicas of ${spec.cores} cores, batch ${spec.batch}; reason: ${ctx.reason}`,
  );
}

/**
 * Scale subresource, then (scale-up of a deployment resized in place) the new pods are brought to the
 * annotation's cores before the step ends: they start from the template, which keeps the old cores.
 * With the resize readiness gate, each new pod is also let into its Service then, and not before.
 */
async function scaleAction(ctx: ActionContext, name: string, replicas: number): Promise<void> {
  const before = await ctx.retry(`read ${name}`, () => ctx.api.readDeployment(name));
  await ctx.retry(`scale ${name}`, () => ctx.api.scaleDeployment(name, replicas));
  await ctx.events.record(deploymentRef(name), 'Normal', EventReason.rescaled, `New size: ${replicas}; reason: ${ctx.reason}`);
  const grew = replicas > (before.spec?.replicas ?? 1);
  // With the resize readiness gate every new pod waits for us to let it in, even one that starts right.
  const follow = coresTemplateLacks(before, ctx.config) !== undefined || ResizeGate.of(ctx, name) !== undefined;
  if (grew && !ctx.dryRun && follow) await awaitPodCores(ctx, name);
  // One batch per replica from the stage queue (if the stage has one), so the new size serves more.
  await replicasToStageQueue(ctx, before, replicas);
}

/**
 * The batch size is the container's INFSCALE_BATCH_SIZE env var; changing it rolls the pods (the
 * server reads it at start). Read-modify-write with the read's resourceVersion: a concurrent change
 * makes it 409, and the retry re-reads and re-applies.
 */
async function setBatchAction(ctx: ActionContext, name: string, batch: number): Promise<void> {
  // The stage's central queue (when configured) forms the batches: it gets the batch too.
  if (!ctx.config.batchEnv) {
    await annotateBatch(ctx, name, batch);
    return batchToStageQueue(ctx, name, batch);
  }
  await ctx.retry(`set batch of ${name}`, async () => {
    const current = await ctx.api.readDeployment(name);
    const container = managedContainerName(ctx.config, current.spec?.template.spec?.containers);
    return ctx.api.patchDeployment(
      name,
      {
        metadata: { resourceVersion: current.metadata?.resourceVersion },
        spec: { template: { spec: { containers: [{ name: container, env: [{ name: BATCH_ENV, value: String(batch) }] }] } } },
      },
      'strategic',
    );
  });
  await ctx.events.record(deploymentRef(name), 'Normal', EventReason.batchChanged, `New batch size: ${batch}; reason: ${ctx.reason}`);
  await batchToStageQueue(ctx, name, batch);
}

/** batchEnv: false — the batch is only recorded; the pods keep running (whoever serves reads it elsewhere). */
async function annotateBatch(ctx: ActionContext, name: string, batch: number): Promise<void> {
  await ctx.retry(`annotate batch of ${name}`, () =>
    ctx.api.patchDeployment(name, { metadata: { annotations: { [BATCH_ANNOTATION]: String(batch) } } }, 'merge'),
  );
  await ctx.events.record(deploymentRef(name), 'Normal', EventReason.batchChanged, `New batch size: ${batch} (annotation, no restart); reason: ${ctx.reason}`);
}

/**
 * Deletes a deployment only if it is ours: it carries this scaler's ownership labels and is not a
 * target (an existing deployment we scale but did not create). The delete is conditional on the
 * object we checked (uid and resourceVersion): one replaced or relabelled since is a 409, and the
 * retry re-reads and checks again. Anything else is refused and stops the plan.
 */
async function deleteAction(ctx: ActionContext, name: string): Promise<void> {
  const outcome = await ctx.retry(`delete ${name}`, async (): Promise<{ refused: string } | 'deleted' | 'gone'> => {
    let current;
    try {
      current = await ctx.api.readDeployment(name);
    } catch (err) {
      if (isNotFound(err)) return 'gone'; // already gone is what we wanted
      throw err;
    }
    const refused = notOursToDelete(ctx, name, current.metadata?.labels);
    if (refused) return { refused };
    try {
      await ctx.api.deleteDeployment(name, { uid: current.metadata?.uid, resourceVersion: current.metadata?.resourceVersion });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    return 'deleted';
  });
  if (typeof outcome === 'object') throw new Error(`refusing to delete deployment ${name}: ${outcome.refused}`);
  if (outcome === 'deleted') await ctx.events.record(deploymentRef(name), 'Normal', EventReason.deleted, `Deleted deployment ${name}; reason: ${ctx.reason}`);
}

/** Why a deployment is not this scaler's to delete, or undefined when it is. */
export function notOursToDelete(ctx: Pick<ActionContext, 'config'>, name: string, labels: Record<string, string> | undefined): string | undefined {
  if (ctx.config.targets.includes(name)) return 'it is a target (kubernetes.targets): the scaler resizes and scales it but never deletes it';
  if (labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE || labels?.[SCALER_LABEL] !== ctx.config.scaler) {
    return `it does not carry the ownership labels ${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE} and ${SCALER_LABEL}=${ctx.config.scaler}`;
  }
  return undefined;
}

async function routeAction(ctx: ActionContext, routing: Routing): Promise<void> {
  const text = Object.entries(routing.weights)
    .map(([d, w]) => `${d}=${w}`)
    .join(', ');
  if (ctx.config.routing.configMap) {
    const labels = { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [SCALER_LABEL]: ctx.config.scaler };
    await ctx.retry(`route ${routing.stage}`, () => publishToConfigMap(ctx.api, routing, labels));
  }
  const admin = ctx.config.routing.adminUrls[routing.stage];
  if (admin) {
    if (ctx.dryRun) ctx.logger.info('dry-run: would POST quotas', { url: admin, weights: routing.weights });
    else
      await ctx.retry(`POST quotas to ${admin}`, () => {
        ctx.assertLeader();
        return postQuotas(admin, routing.weights, { tokenFile: ctx.config.adminTokenFile });
      });
  }
  await routedBatchToStageQueue(ctx, routing);
  await ctx.events.record(
    { kind: 'ConfigMap', apiVersion: 'v1', name: ROUTING_CONFIGMAP },
    'Normal',
    EventReason.rerouted,
    `Stage ${routing.stage} quotas: ${text}; reason: ${ctx.reason}`,
  );
}

/** Carries out one action; throws when it cannot be completed (the plan then stops). */
export async function executeAction(ctx: ActionContext, action: Action): Promise<void> {
  switch (action.type) {
    case 'create':
      return createAction(ctx, action.spec);
    case 'scale':
      return scaleAction(ctx, action.name, action.replicas);
    case 'resize':
      return resizeAction(ctx, action.name, action.cores, action.mode);
    case 'set-batch':
      return setBatchAction(ctx, action.name, action.batch);
    case 'await-ready':
      if (ctx.dryRun) return ctx.logger.info('dry-run: would wait until ready', { names: action.names });
      return awaitReady(ctx, action.names);
    case 'route':
      return routeAction(ctx, action.routing);
    case 'delete':
      return deleteAction(ctx, action.name);
  }
}
