/**
 * The labels, env var and ConfigMap through which infscale finds and steers what it owns. A cluster
 * operator can read these with kubectl; the Helm chart's RBAC and the dispatcher rely on them.
 */

/** Set on every deployment (and its pod template) that a scaler created or adopted. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'infscale';
/** Which scaler owns the deployment (one scaler per namespace, but the label keeps them apart). */
export const SCALER_LABEL = 'infscale.io/scaler';
/** Pipeline stage ("main" for single-stage scalers). */
export const STAGE_LABEL = 'infscale.io/stage';
/** Model variant the deployment serves. */
export const VARIANT_LABEL = 'infscale.io/variant';
/** Ties pods to their deployment; the deployment's selector uses it. */
export const DEPLOYMENT_LABEL = 'infscale.io/deployment';

/** Env var of the model-server container holding the maximum batch size. */
export const BATCH_ENV = 'INFSCALE_BATCH_SIZE';
/** Annotation holding the batch size when it is not set through the env (config batchEnv: false). */
export const BATCH_ANNOTATION = 'infscale.io/batch';

/** ConfigMap the dispatchers watch; one key per stage, value = JSON {"weights": {deployment: quota}}. */
export const ROUTING_CONFIGMAP = 'infscale-routing';

/** Event reasons, in the style of the HPA's SuccessfulRescale. */
export const EventReason = {
  created: 'SuccessfulCreate',
  rescaled: 'SuccessfulRescale',
  resized: 'SuccessfulResize',
  resizeDeferred: 'ResizeDeferred',
  resizeInfeasible: 'ResizeInfeasible',
  resizeFailed: 'ResizeFailed',
  restarted: 'SuccessfulRestart',
  batchChanged: 'SuccessfulSetBatch',
  rerouted: 'SuccessfulReroute',
  deleted: 'SuccessfulDelete',
  failed: 'FailedAction',
} as const;

/** The label selector that finds everything a given scaler owns. */
export function ownedSelector(scaler: string): string {
  return `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE},${SCALER_LABEL}=${scaler}`;
}

/** Labels put on a deployment, its selector's complement, and its pod template. */
export function ownedLabels(scaler: string, name: string, stage: string, variant: string): Record<string, string> {
  return {
    [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
    [SCALER_LABEL]: scaler,
    [STAGE_LABEL]: stage,
    [VARIANT_LABEL]: variant,
    [DEPLOYMENT_LABEL]: name,
  };
}
