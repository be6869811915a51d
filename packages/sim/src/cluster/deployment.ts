import type { DeploymentSpec } from '@infscale/core';
import type { Pod } from './pod';

/** A simulated Deployment: its spec, its pods and the counters the metrics source reads. */
export class SimDeployment {
  replicas: number;
  cores: number;
  batch: number;
  readonly pods: Pod[] = [];
  /** Integral of busy cores (ms·cores), of running pods (ms·pods), and requests dispatched. */
  busyCoreMs = 0;
  runningPodMs = 0;
  dispatched = 0;
  served = 0;
  private busyCores = 0;
  private runningPods = 0;
  private lastMs = 0;

  constructor(
    readonly name: string,
    readonly variant: string,
    readonly stage: string,
    readonly stageIndex: number,
    spec: DeploymentSpec,
    nowMs: number,
  ) {
    this.replicas = spec.replicas;
    this.cores = spec.cores;
    this.batch = spec.batch;
    this.lastMs = nowMs;
  }

  /** Brings the integrals to nowMs; call before changing busy cores or running pods. */
  integrate(nowMs: number): void {
    const dt = nowMs - this.lastMs;
    if (dt > 0) {
      this.busyCoreMs += this.busyCores * dt;
      this.runningPodMs += this.runningPods * dt;
      this.lastMs = nowMs;
    }
  }

  addBusyCores(nowMs: number, delta: number): void {
    this.integrate(nowMs);
    this.busyCores += delta;
  }

  addRunningPods(nowMs: number, delta: number): void {
    this.integrate(nowMs);
    this.runningPods += delta;
  }

  livePods(): Pod[] {
    return this.pods.filter((p) => p.live);
  }
}
