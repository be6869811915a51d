import type { PodHandle, StageHost, StagePolicy } from '../serving/stage-policy';

/**
 * A stage whose requests wait in one queue held by the policy (batching, EDF): every event that may
 * let a batch leave — an idle pod, a timer, a pod change — runs dispatch(). Routing quotas do not
 * apply: every ready pod of the stage pulls from the one queue, in turn.
 */
export abstract class CentralQueuePolicy implements StagePolicy {
  private cursor = 0;

  constructor(protected readonly host: StageHost) {}

  abstract arrive(request: number): void;
  abstract queued(): number;
  protected abstract dispatch(): void;

  idle(): void {
    this.dispatch();
  }

  wake(): void {
    this.dispatch();
  }

  setRouting(): void {}

  podsChanged(): void {
    this.dispatch();
  }

  /** The next ready pod with a free worker, taken in turn so batches spread. */
  protected freePod(): PodHandle | undefined {
    const pods = this.host.readyPods();
    for (let k = 0; k < pods.length; k++) {
      const pod = pods[(this.cursor + k) % pods.length];
      if (pod.freeWorkers > 0) {
        this.cursor = (this.cursor + k + 1) % pods.length;
        return pod;
      }
    }
    return undefined;
  }
}
