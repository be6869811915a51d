import type { Action } from '@infscale/core';
import type { AfterPlan } from '@infscale/runtime';
import { postJson as httpPostJson } from '@infscale/kube';
import { modelServerConfigCall } from '@infscale/scalers';

export interface ModelServerHookConfig {
  /** Full URLs that accept POST {cores, batchSize}: the EDF proxy's /admin/config, the model server's own. */
  urls: string[];
  timeoutMs: number;
  /** The EDF proxy's admin token, sent to every URL as a bearer token. */
  tokenFile?: string;
}

export type PostJson = (url: string, body: unknown, timeoutMs: number, tokenFile?: string) => Promise<void>;

/** POST a JSON body; anything but 2xx is an error naming the URL and status. */
export const postJson: PostJson = (url, body, timeoutMs, tokenFile) => httpPostJson(url, body, timeoutMs, 'model server hook', tokenFile);

/** Plans that change what the model server runs with (its cores, its batch, its pods). */
const CHANGES_SERVER = new Set<Action['type']>(['resize', 'set-batch', 'scale']);

/**
 * Sponge's `/change`: once a plan that touched the target has finished, tell the model server (and
 * its EDF proxy) the cores the container actually runs with and the batch size. Skipped while a
 * resize is still in progress (the next plan's hook catches up) and only logged in a dry run.
 */
export function modelServerHook(target: string, config: ModelServerHookConfig, post: PostJson = postJson): AfterPlan {
  return async ({ plan, cluster, dryRun, logger }) => {
    if (config.urls.length === 0 || !plan.actions.some((a) => CHANGES_SERVER.has(a.type))) return;
    const deployment = cluster.deployments.find((d) => d.name === target);
    const call = deployment && modelServerConfigCall(deployment);
    if (!call) return logger.warn('model server not told its threads: the resize is not finished', { deployment: target });
    for (const url of config.urls) {
      if (dryRun) logger.info('dry-run: would tell the model server its threads', { url, ...call.body });
      else {
        await post(url, call.body, config.timeoutMs, config.tokenFile);
        logger.info('told the model server its threads', { url, ...call.body });
      }
    }
  };
}
