import type { PodHandle, StageHost, StagePolicy } from '../serving/stage-policy';

/**
 * A stage whose requests wait in a queue held by the policy (batching, EDF): every event that may
 * let a batch leave — an idle pod, a timer, a pod change — runs dispatch(). Routing quotas do not
 * apply unless the policy says so: every ready pod of the stage pulls from the one queue, in turn.
 */
export abstract class CentralQueuePolicy implements StagePolicy {
  /** Where the last free pod was found, per deployment ('' for the whole stage). */
  private readonly cursors = new Map<string, number>();

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

  setRouting(_weights: Readonly<Record<string, number>> | undefined): void {}

  podsChanged(): void {
    this.dispatch();
  }

  /** The next ready pod (of the deployment, when named) with a free worker, taken in turn so batches spread. */
  protected freePod(deployment?: string): PodHandle | undefined {
    const pods = this.host.readyPods(deployment);
    const key = deployment ?? '';
    const cursor = this.cursors.get(key) ?? 0;
    for (let k = 0; k < pods.length; k++) {
      const pod = pods[(cursor + k) % pods.length];
      if (pod.freeWorkers > 0) {
        this.cursors.set(key, (cursor + k + 1) % pods.length);
        return pod;
      }
    }
    return undefined;
  }
}
