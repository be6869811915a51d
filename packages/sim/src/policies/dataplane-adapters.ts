import { type BatchingQueue, cannotFinish, EdfQueue, SHARED, SplitQueue, WeightedDispatcher, type LatePolicy } from '@infscale/dataplane';
import type { DeploymentPicker, PodHandle, StageHost, StagePolicyFactory } from '../serving/stage-policy';
import { CentralQueuePolicy } from './central-queue';

/**
 * The deployed data-plane policies of packages/dataplane, plugged into the simulator unchanged, so the
 * simulated behaviour is the deployed one. Each wrapper only translates time and pods.
 */

/** InfAdapter's dispatcher as the deployment picker of roundRobin(). */
export function weightedDispatcherPicker(): DeploymentPicker {
  const dispatcher = new WeightedDispatcher();
  return {
    setQuotas: (quotas) => dispatcher.setQuotas({ ...quotas }),
    next: () => {
      const name = dispatcher.next();
      // The simulator tracks requests itself; release the dispatcher's in-flight count at once.
      if (name !== undefined) dispatcher.complete(name);
      return name;
    },
  };
}

/**
 * IPA's central batching queue of a stage (max batch = the free pod's batch, max wait). Routing
 * weights with two or more deployments split it (the improved method): each request is assigned to a
 * deployment by weighted round-robin over the weights and waits for that deployment's pods alone.
 */
class DataplaneBatching extends CentralQueuePolicy {
  private readonly queue: SplitQueue<number>;

  constructor(
    host: StageHost,
    maxWaitMs: number,
    private readonly dropLimitMs?: number,
    private readonly laterStagesMs?: Readonly<Record<string, number>>,
  ) {
    super(host);
    this.queue = new SplitQueue<number>({ maxWaitMs });
  }

  arrive(request: number): void {
    this.queue.enqueue(request, this.host.now());
    this.dispatch();
  }

  override setRouting(weights: Readonly<Record<string, number>> | undefined): void {
    this.queue.setShares(weights ? { ...weights } : undefined);
    this.dispatch();
  }

  queued(): number {
    return this.queue.length;
  }

  queuedBudgetsMs(nowMs: number): number[] {
    return this.queue.queued().map((q) => this.host.deadlineMs(q.request) - nowMs);
  }

  protected dispatch(): void {
    this.dropExpired();
    for (const target of this.queue.targets()) this.dispatchTarget(target);
  }

  /** Batches of one target's queue to its free pods (any pod of the stage when the queue is shared). */
  private dispatchTarget(target: string): void {
    const queue = this.queue.queue(target)!;
    const deployment = target === SHARED ? undefined : target;
    while (queue.length > 0) {
      const pod = this.freePod(deployment);
      if (!pod) return;
      this.shedUnreachable(queue, pod);
      if (queue.length === 0) return;
      queue.setBatchSize(pod.batch);
      const batch = queue.takeBatch(this.host.now(), true);
      if (!batch) {
        const due = queue.nextDeadlineMs();
        if (due !== undefined) this.host.wakeAt(due);
        return;
      }
      this.host.serve(pod, batch, batch.length);
    }
  }

  /**
   * As the deployed stage queue does before a batch leaves (cannotFinish): a request whose drop limit
   * comes before this pod's least service time plus the later stages' least is shed. The deployed queue
   * learns those times from its batches and the router from the stages' answers; here they are the
   * profile's (the least a batch of one takes), which is never more than what is observed.
   */
  private shedUnreachable(queue: BatchingQueue<number>, pod: PodHandle): void {
    if (this.dropLimitMs === undefined || this.laterStagesMs === undefined) return;
    const limitMs = this.dropLimitMs;
    const now = this.host.now();
    const needMs = pod.serviceTimeMs(1) + (this.laterStagesMs[this.host.stage] ?? 0);
    for (const q of queue.removeWhere((x) => cannotFinish(this.host.arrivalMs(x.request) + limitMs, now, needMs))) this.host.drop(q.request);
  }

  /**
   * As the deployed stage service does when the router gives up on a request: one past the pipeline's
   * drop limit leaves the queue instead of taking a replica's time.
   */
  private dropExpired(): void {
    if (this.dropLimitMs === undefined) return;
    const limit = this.host.now() - this.dropLimitMs;
    for (const q of this.queue.removeWhere((x) => this.host.arrivalMs(x.request) < limit)) this.host.drop(q.request);
  }
}

/**
 * IPA's stage queue; with dropLimitMs, requests past the pipeline's drop limit leave the queue unserved,
 * and with laterStagesMs (stage → the least time the stages after it take) so do the ones that cannot
 * finish before it (the deployed queue's shedding, from the router's budget header).
 */
export function dataplaneBatching(
  options: { maxWaitMs?: number; dropLimitMs?: number; laterStagesMs?: Readonly<Record<string, number>> } = {},
): StagePolicyFactory {
  return (host) => new DataplaneBatching(host, options.maxWaitMs ?? 1000, options.dropLimitMs, options.laterStagesMs);
}

/** Sponge's EDF queue: deadline order, dynamic batching, deadline-aware admission (drop or serve late). */
class DataplaneEdf extends CentralQueuePolicy {
  private readonly queue: EdfQueue<number>;

  constructor(host: StageHost, latePolicy: LatePolicy) {
    super(host);
    this.queue = new EdfQueue<number>({ batchSize: 1, serviceTimeMs: () => 0, latePolicy });
  }

  arrive(request: number): void {
    this.useSpeedOf();
    const now = this.host.now();
    // The simulator knows the deadline; an SLO of (deadline − now) with no send time gives the same one.
    const admission = this.queue.admit(request, { arrivalMs: now, sloMs: this.host.deadlineMs(request) - now });
    if (admission.kind === 'dropped') this.host.drop(request);
    this.dispatch();
  }

  queued(): number {
    return this.queue.length + this.queue.lateLength;
  }

  queuedBudgetsMs(nowMs: number): number[] {
    return this.queue.queuedBudgetsMs(nowMs);
  }

  /** Deadline decisions use the (first) ready pod's current speed and batch size. */
  private useSpeedOf(): void {
    const pod = this.host.readyPods()[0];
    if (!pod) return;
    this.queue.setBatchSize(pod.batch);
    this.queue.setServiceTimeEstimator((b) => pod.serviceTimeMs(b));
  }

  protected dispatch(): void {
    this.useSpeedOf();
    for (const gone of this.queue.expire(this.host.now())) if (gone.kind === 'dropped') this.host.drop(gone.entry.payload);
    for (;;) {
      const pod = this.freePod();
      if (!pod) return;
      const batch = this.queue.takeBatch(this.host.now(), true);
      if (!batch) {
        const due = this.queue.nextDeadlineMs();
        if (due !== undefined) this.host.wakeAt(due);
        return;
      }
      const ids = batch.map((e) => e.payload);
      this.host.serve(pod, ids, ids.length);
    }
  }
}

export function dataplaneEdf(options: { latePolicy?: LatePolicy } = {}): StagePolicyFactory {
  return (host) => new DataplaneEdf(host, options.latePolicy ?? 'drop');
}
