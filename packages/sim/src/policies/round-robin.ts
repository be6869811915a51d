import type { DeploymentPicker, PodHandle, StageHost, StagePolicy, StagePolicyFactory } from '../serving/stage-policy';
import { weightedDispatcherPicker } from './dataplane-adapters';

export interface RoundRobinOptions {
  /** Picks the deployment when the stage has routing; default the dataplane's WeightedDispatcher. */
  picker?: () => DeploymentPicker;
}

/**
 * A Kubernetes Service in front of each deployment: a request goes to the next ready pod in turn and
 * waits in that pod's own FIFO (the server batches what waits, up to its batch size, without waiting
 * for more). With routing, the deployment is chosen first by its quota. No ready pod → dropped, as a
 * Service without endpoints refuses the connection.
 */
export class RoundRobinDispatch implements StagePolicy {
  private picker?: DeploymentPicker;
  /** The one deployment with a quota, when there is only one (skips the picker: the hot path). */
  private only?: string;
  private cursor = 0;
  private readonly cursors = new Map<string, number>();

  constructor(
    private readonly host: StageHost,
    private readonly makePicker: () => DeploymentPicker,
  ) {}

  arrive(request: number): void {
    let pods: readonly PodHandle[];
    let i: number;
    if (this.only !== undefined) {
      pods = this.host.readyPods(this.only);
      if (pods.length === 0) return this.host.drop(request);
      i = this.cursor = (this.cursor + 1) % pods.length;
    } else if (this.picker) {
      const dep = this.picker.next();
      pods = dep === undefined ? [] : this.host.readyPods(dep);
      if (pods.length === 0) return this.host.drop(request);
      i = ((this.cursors.get(dep as string) ?? -1) + 1) % pods.length;
      this.cursors.set(dep as string, i);
    } else {
      pods = this.host.readyPods();
      if (pods.length === 0) return this.host.drop(request);
      i = this.cursor = (this.cursor + 1) % pods.length;
    }
    this.host.send(pods[i], request);
  }

  idle(): void {
    // Requests wait in the pods' own queues; nothing is held here.
  }

  wake(): void {}

  setRouting(weights: Readonly<Record<string, number>> | undefined): void {
    if (!weights) {
      this.picker = undefined;
      this.only = undefined;
      return;
    }
    const positive = Object.keys(weights).filter((k) => (weights[k] ?? 0) > 0);
    this.only = positive.length === 1 ? positive[0] : undefined;
    this.picker ??= this.makePicker();
    this.picker.setQuotas(weights);
  }

  podsChanged(): void {}

  queued(): number {
    return 0;
  }
}

export function roundRobin(options: RoundRobinOptions = {}): StagePolicyFactory {
  const make = options.picker ?? weightedDispatcherPicker;
  return (host: StageHost) => new RoundRobinDispatch(host, make);
}
