import { IntQueue } from '../engine/int-queue';
import type { StageHost, StagePolicyFactory } from '../serving/stage-policy';
import { CentralQueuePolicy } from './central-queue';

export interface FifoBatchingOptions {
  /** Longest the oldest request waits for its batch to fill (IPA: 1000 ms). */
  maxWaitMs?: number;
}

/**
 * A central FIFO queue per stage (IPA): a batch of the free pod's batch size leaves when that many
 * wait, or when the oldest has waited maxWaitMs (then with what there is), and only to a pod with a
 * free worker. Routing quotas are ignored: every ready pod of the stage pulls from the one queue.
 */
export class FifoBatchingQueue extends CentralQueuePolicy {
  private readonly queue = new IntQueue();
  private readonly batch: number[] = [];

  constructor(
    host: StageHost,
    private readonly maxWaitMs: number,
  ) {
    super(host);
  }

  arrive(request: number): void {
    this.queue.push(request);
    this.dispatch();
  }

  queued(): number {
    return this.queue.length;
  }

  queuedBudgetsMs(nowMs: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.queue.length; i++) out.push(this.host.deadlineMs(this.queue.at(i)) - nowMs);
    return out;
  }

  protected dispatch(): void {
    const host = this.host;
    while (this.queue.length > 0) {
      const pod = this.freePod();
      if (!pod) return;
      const oldestWaitEnds = host.enteredMs(this.queue.at(0)) + this.maxWaitMs;
      if (this.queue.length < pod.batch && host.now() < oldestWaitEnds) {
        host.wakeAt(oldestWaitEnds);
        return;
      }
      const n = Math.min(pod.batch, this.queue.length);
      this.batch.length = n;
      for (let i = 0; i < n; i++) this.batch[i] = this.queue.shift();
      host.serve(pod, this.batch, n);
    }
  }
}

export function fifoBatching(options: FifoBatchingOptions = {}): StagePolicyFactory {
  const maxWaitMs = options.maxWaitMs ?? 1000;
  return (host) => new FifoBatchingQueue(host, maxWaitMs);
}
