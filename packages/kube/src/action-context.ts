import type { Clock, Logger } from '@infscale/core';
import type { KubeActuatorConfig } from './config';
import { ownedSelector, DEPLOYMENT_LABEL } from './conventions';
import type { EventRecorder, InvolvedObject } from './events';
import type { KubeApi } from './kube-client';
import type { ResizeRefusals } from './resize-refusals';
import { deploymentPodSelector } from './targets';

/** What every action needs: the API seam, the config, time, retries and the event recorder. */
export interface ActionContext {
  api: KubeApi;
  config: KubeActuatorConfig;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  logger: Logger;
  events: EventRecorder;
  /** Runs an API call (or read-modify-write) with the configured retry policy. */
  retry<T>(what: string, op: (attempt: number) => Promise<T>): Promise<T>;
  /** Log writes and skip waits instead of acting (the api is then a DryRunKubeApi). */
  dryRun: boolean;
  /** Why the plan runs: appended to event messages, as the HPA does. */
  reason: string;
  /** Throws unless we lead: called right before each write that does not go through `api` (the admin POSTs). */
  assertLeader(): void;
  /** Resizes the API server refused at admission, remembered for current(). */
  refusals: ResizeRefusals;
}

export function deploymentRef(name: string, uid?: string): InvolvedObject {
  return { kind: 'Deployment', apiVersion: 'apps/v1', name, ...(uid ? { uid } : {}) };
}

/** Selects the pods of one owned deployment, or of a target through the deployment's own selector. */
export async function podSelector(ctx: Pick<ActionContext, 'api' | 'config' | 'retry'>, name: string): Promise<string> {
  if (!ctx.config.targets.includes(name)) return `${ownedSelector(ctx.config.scaler)},${DEPLOYMENT_LABEL}=${name}`;
  return deploymentPodSelector(await ctx.retry(`read ${name}`, () => ctx.api.readDeployment(name)));
}
