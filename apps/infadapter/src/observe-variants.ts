import type { Scaler } from '@infscale/core';

/**
 * InfAdapter asks for the task's load without naming deployments, but PrometheusSource measures load
 * per deployment (its pod regex): the task's load is what its running variant deployments receive.
 * So the app names them: every deployment the actuator reports (it lists only this scaler's own).
 * With none running there is nothing to measure and the scaler holds ("no data").
 */
export function observingRunningVariants<State>(scaler: Scaler<State>): Scaler<State> {
  return {
    ...scaler,
    observationRequest: (nowMs, cluster) => ({
      ...scaler.observationRequest(nowMs, cluster),
      deployments: cluster.deployments.map((d) => d.name),
    }),
  };
}
