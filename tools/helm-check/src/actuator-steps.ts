import type { Action, ResizeMode } from '@infscale/core';
import { scalerRegistry, type ActuatorNeeds } from '@infscale/scalers';
import { dryRunReads, functionBody, kubeApiCallsIn, kubeApiMethodPermissions } from './actuator-calls';

/**
 * The parts of packages/kube's KubernetesActuator, each as the functions (file in packages/kube/src,
 * function name) whose KubeApi calls it makes. The calls are read from those functions, not listed
 * here, so a new call in one of them changes the permissions the Role is checked against.
 */
export const ACTUATOR_STEPS = {
  /** current(): owned deployments and pods by label, the routing ConfigMap, the targets by name. */
  current: [
    ['actuator.ts', 'current'],
    ['routing.ts', 'readRouting'],
    ['targets.ts', 'readTargets'],
  ],
  leaderElection: [['leader-election.ts', 'tryAcquireOrRenew']],
  events: [['events.ts', 'record']],
  create: [['actions.ts', 'createAction']],
  scale: [['actions.ts', 'scaleAction']],
  resizeByRestart: [['resize-action.ts', 'restartResize']],
  resizeInPlace: [
    ['resize-action.ts', 'inPlaceResize'],
    ['resize-action.ts', 'annotateCores'],
    ['action-context.ts', 'podSelector'],
    ['pod-cores.ts', 'sendPodResize'],
  ],
  /** After a scale-up or in await-ready: new pods brought to the cores an in-place resize recorded. */
  newPodCores: [
    ['await-ready.ts', 'awaitPodCores'],
    ['new-pod-cores.ts', 'step'],
    ['pod-cores.ts', 'sendPodResize'],
  ],
  /**
   * The resize readiness gate (kubernetes.resizeReadinessGate): the pod condition is written in one
   * method, from the in-place resize, new pods' cores and current()'s pass between plans, which also
   * resizes pods that appeared without a plan.
   */
  resizeReadinessGate: [
    ['readiness-gate.ts', 'setCondition'],
    ['readiness-gate.ts', 'reconcile'],
    ['pod-cores.ts', 'sendPodResize'],
  ],
  setBatch: [
    ['actions.ts', 'setBatchAction'],
    ['actions.ts', 'annotateBatch'],
    ['stage-queue.ts', 'batchToStageQueue'],
  ],
  awaitReady: [['await-ready.ts', 'awaitReady']],
  route: [
    ['actions.ts', 'routeAction'],
    ['routing.ts', 'publishToConfigMap'],
    ['stage-queue.ts', 'routedBatchToStageQueue'],
  ],
  delete: [['actions.ts', 'deleteAction']],
} as const satisfies Record<string, readonly (readonly [string, string])[]>;

export type ActuatorStep = keyof typeof ACTUATOR_STEPS;

/** What the process itself does, whatever it decides: read the cluster, hold its Lease, record events. */
const EVERY_PROCESS: ActuatorStep[] = ['current', 'leaderElection', 'events'];

/** The steps of each plan action (core's planActions) and of each way a resize reaches the pods. */
const ACTION_STEPS: Record<Action['type'], ActuatorStep[]> = {
  create: ['create'],
  scale: ['scale'],
  resize: [],
  'set-batch': ['setBatch'],
  'await-ready': ['awaitReady'],
  route: ['route'],
  delete: ['delete'],
};
const RESIZE_STEPS: Record<ResizeMode, ActuatorStep[]> = {
  restart: ['resizeByRestart'],
  'in-place': ['resizeInPlace', 'newPodCores'],
  'in-place-or-restart': ['resizeInPlace', 'newPodCores', 'resizeByRestart'],
};

/** What a scaler's Role depends on beyond its actuator needs: Sponge's opt-in resize readiness gate. */
export interface ScalerOptions {
  resizeReadinessGate: boolean;
}

/**
 * The actuator's steps for what a scaler's decisions ask (its registry entry's actuator needs), plus
 * the readiness gate's writes when it is on and the scaler resizes in place (helm/README.md, RBAC).
 */
export function stepsFor(needs: ActuatorNeeds, options: ScalerOptions): ActuatorStep[] {
  const inPlace = needs.resize.some((m) => m !== 'restart');
  const steps = [
    ...EVERY_PROCESS,
    ...needs.actions.flatMap((a) => ACTION_STEPS[a]),
    ...needs.resize.flatMap((m) => RESIZE_STEPS[m]),
    ...(inPlace && options.resizeReadinessGate ? (['resizeReadinessGate'] as const) : []),
  ];
  return [...new Set(steps)];
}

/** The steps of a deployed scaler's config (the `scaler` section the chart renders, over the app's defaults), through the registry. */
export function scalerSteps(scaler: string, section: Record<string, unknown>, options: ScalerOptions): ActuatorStep[] {
  const entry = scalerRegistry.get(scaler);
  return stepsFor(entry.actuator(entry.deployed(section)), options);
}

/** Reads a file of packages/kube/src. */
export type KubeSourceReader = (file: string) => string;

/** The KubeApi methods a step calls, read from its functions. */
export function stepKubeApiCalls(step: ActuatorStep, read: KubeSourceReader): string[] {
  const calls = ACTUATOR_STEPS[step].flatMap(([file, fn]) => {
    try {
      return kubeApiCallsIn(functionBody(read(file), fn));
    } catch (err) {
      throw new Error(`packages/kube/src/${file}: ${(err as Error).message} (step ${step} in actuator-steps.ts)`);
    }
  });
  return [...new Set(calls)].sort();
}

/** KubeApi methods the steps call, with the reads a dry run makes in place of their writes. */
export function kubeApiCallsOf(steps: readonly ActuatorStep[], read: KubeSourceReader): string[] {
  const calls = new Set(steps.flatMap((s) => stepKubeApiCalls(s, read)));
  const dryRun = dryRunReads(read('dry-run.ts'));
  for (const call of [...calls]) for (const extra of dryRun[call] ?? []) calls.add(extra);
  return [...calls].sort();
}

/** "group/resource:verb" permissions the steps need, through kube-client.ts's method → client-node call. */
export function permissionsOf(steps: readonly ActuatorStep[], read: KubeSourceReader): string[] {
  const byMethod = kubeApiMethodPermissions(read('kube-client.ts'));
  const permissions = kubeApiCallsOf(steps, read).map((method) => {
    const permission = byMethod[method];
    if (!permission) throw new Error(`KubeApi method ${method} is not in kube-client.ts's ClientNodeKubeApi`);
    return permission;
  });
  return [...new Set(permissions)].sort();
}
