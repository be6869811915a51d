/**
 * The data-plane plug of one stage: where a request goes and when a batch starts. The simulator knows
 * pods, time and service; the policy knows only this host interface, so the dataplane package's pure
 * policies (weighted dispatcher, batching queue, EDF queue) adapt to it with a thin wrapper.
 * Requests are integer ids (slots in the simulator's request table): no object per request.
 */

/** What a policy may see of a ready pod. */
export interface PodHandle {
  readonly id: number;
  readonly deployment: string;
  /** Max batch of the pod's deployment (the server's batch size). */
  readonly batch: number;
  /** Workers not serving a batch now. */
  readonly freeWorkers: number;
  /** Requests waiting in the pod's own queue (sent with send()). */
  readonly queued: number;
  /** Mean time (ms) this pod takes for a batch of that size at its current cores (deadline-aware policies). */
  serviceTimeMs(batchSize: number): number;
}

export interface StageHost {
  readonly stage: string;
  now(): number;
  /** Ready pods of the stage (of one deployment when named), in a stable order. Do not mutate. */
  readyPods(deployment?: string): readonly PodHandle[];
  /**
   * Gives a request to a pod's own FIFO (a Kubernetes Service sending to a pod): it starts as soon as
   * a worker is free, in batches of up to the pod's batch size taken from what waits (no extra wait).
   */
  send(pod: PodHandle, request: number): void;
  /** Starts `count` requests from `requests` as one batch now on a free worker of pod. */
  serve(pod: PodHandle, requests: ArrayLike<number>, count: number): void;
  /** Ends a request as dropped (no target, past its deadline, queue full…). */
  drop(request: number): void;
  /** Asks for wake() at time ms (the earliest pending ask wins). */
  wakeAt(ms: number): void;
  /** When the request entered this stage. */
  enteredMs(request: number): number;
  /** When the request entered the system. */
  arrivalMs(request: number): number;
  /** When the request must be answered (arrival + SLO − network delay). */
  deadlineMs(request: number): number;
}

export interface StagePolicy {
  arrive(request: number): void;
  /** A ready pod has a free worker and an empty own queue. */
  idle(pod: PodHandle): void;
  /** A time asked with wakeAt() has come. */
  wake(): void;
  /** Integer quotas per deployment of this stage (the `route` action); undefined = none set. */
  setRouting(weights: Readonly<Record<string, number>> | undefined): void;
  /** The set of ready pods changed (ready, terminating, resized). */
  podsChanged(): void;
  /** Requests held by the policy itself, not yet given to a pod. */
  queued(): number;
  /** Remaining budgets (ms) of the requests the policy holds (Sponge's observation). */
  queuedBudgetsMs?(nowMs: number): number[];
}

export type StagePolicyFactory = (host: StageHost) => StagePolicy;

/** Picks the deployment of a stage by integer quotas (the `route` action): InfAdapter's dispatcher. */
export interface DeploymentPicker {
  setQuotas(quotas: Readonly<Record<string, number>>): void;
  /** The next deployment, undefined when no quota is positive. */
  next(): string | undefined;
}
