import { IntQueue } from '../engine/int-queue';
import type { PodServiceTimes } from '../serving/service-model';
import type { PodHandle } from '../serving/stage-policy';
import type { SimDeployment } from './deployment';

/** pending (no node yet) → loading (model) → ready → terminating (drains its queue) → gone. */
export type PodPhase = 'pending' | 'loading' | 'ready' | 'terminating' | 'gone';

export interface PodResize {
  targetCores: number;
  state: 'in-progress' | 'deferred' | 'infeasible';
  sinceMs: number;
}

export class Pod implements PodHandle {
  phase: PodPhase = 'pending';
  /** Index of the node it is bound to, -1 while pending. */
  node = -1;
  /** Cores the pod holds on its node (its request; grows at the start of an upsize). */
  reservedCores: number;
  /** Cores the containers run with now (changes when a resize finishes). */
  actualCores: number;
  workers = 1;
  /** CPU one busy worker uses (actual cores / workers at the last configure): what its busy time is counted at. */
  coresPerWorker = 1;
  busy = 0;
  readonly queue = new IntQueue();
  /** Most requests its own queue may hold (ServingLimits.podQueueLimit at its cores); more are rejected. */
  queueLimit = Infinity;
  /** Its termination grace period ran out: what it still holds fails. */
  killed = false;
  resize?: PodResize;
  createdMs: number;
  readyMs = -1;

  constructor(
    readonly id: number,
    readonly dep: SimDeployment,
    cores: number,
    nowMs: number,
    readonly times: PodServiceTimes,
  ) {
    this.reservedCores = cores;
    this.actualCores = cores;
    this.createdMs = nowMs;
  }

  get deployment(): string {
    return this.dep.name;
  }

  get batch(): number {
    return this.dep.batch;
  }

  get freeWorkers(): number {
    return this.workers - this.busy;
  }

  get queued(): number {
    return this.queue.length;
  }

  serviceTimeMs(batchSize: number): number {
    return this.times.meanMs(batchSize);
  }

  /** Cores the pod should end up with: the pending resize's target, else what it holds. */
  get specCores(): number {
    return this.resize ? this.resize.targetCores : this.reservedCores;
  }

  /** Whether it counts for the deployment's replicas (not terminating or gone). */
  get live(): boolean {
    return this.phase === 'pending' || this.phase === 'loading' || this.phase === 'ready';
  }

  /** Bound to a node: holds cores and costs money. */
  get bound(): boolean {
    return this.node >= 0 && this.phase !== 'gone';
  }
}
