import type { ClusterState, Scaler } from '@infscale/core';

/**
 * A scaler whose observation names the deployments to measure. InfAdapter and IPA ask for their
 * load without naming deployments, but PrometheusSource measures load per deployment (its pod
 * regex): the app says which of the running ones carry it (InfAdapter: every variant; IPA: the first
 * stage's, where requests enter the pipeline). With none running there is nothing to measure and
 * the scaler holds ("no data").
 */
export function observingDeployments<State>(scaler: Scaler<State>, carrying: (cluster: ClusterState) => string[]): Scaler<State> {
  return {
    ...scaler,
    observationRequest: (nowMs, cluster) => ({ ...scaler.observationRequest(nowMs, cluster), deployments: carrying(cluster) }),
  };
}
