import type { Pod } from '../cluster/pod';
import type { PodHandle, StageHost, StagePolicy } from '../serving/stage-policy';

/** What a stage host needs from the engine. */
export interface StageEngine {
  now(): number;
  send(pod: Pod, request: number): void;
  serve(pod: Pod, requests: ArrayLike<number>, count: number): void;
  drop(request: number): void;
  wakeAt(stageIndex: number, ms: number): void;
  enteredMs(request: number): number;
  arrivalMs(request: number): number;
  deadlineMs(request: number): number;
  readyPodsOfStage(stageIndex: number): Pod[];
}

const NONE: readonly Pod[] = [];

/** One stage's view of the simulator, handed to its policy. Ready-pod lists are rebuilt lazily. */
export class SimStageHost implements StageHost {
  policy!: StagePolicy;
  private all: Pod[] = [];
  private byDeployment = new Map<string, Pod[]>();
  private dirty = true;

  constructor(
    readonly stage: string,
    readonly index: number,
    private readonly engine: StageEngine,
  ) {}

  now(): number {
    return this.engine.now();
  }

  markDirty(): void {
    this.dirty = true;
  }

  readyPods(deployment?: string): readonly PodHandle[] {
    if (this.dirty) this.rebuild();
    return deployment === undefined ? this.all : (this.byDeployment.get(deployment) ?? NONE);
  }

  send(pod: PodHandle, request: number): void {
    this.engine.send(pod as Pod, request);
  }

  serve(pod: PodHandle, requests: ArrayLike<number>, count: number): void {
    this.engine.serve(pod as Pod, requests, count);
  }

  drop(request: number): void {
    this.engine.drop(request);
  }

  wakeAt(ms: number): void {
    this.engine.wakeAt(this.index, ms);
  }

  enteredMs(request: number): number {
    return this.engine.enteredMs(request);
  }

  arrivalMs(request: number): number {
    return this.engine.arrivalMs(request);
  }

  deadlineMs(request: number): number {
    return this.engine.deadlineMs(request);
  }

  private rebuild(): void {
    this.all = this.engine.readyPodsOfStage(this.index);
    this.byDeployment = new Map();
    for (const pod of this.all) {
      const list = this.byDeployment.get(pod.deployment);
      if (list) list.push(pod);
      else this.byDeployment.set(pod.deployment, [pod]);
    }
    this.dirty = false;
  }
}
